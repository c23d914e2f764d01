package sh.kaito.operator.cloud.azure;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.azure.core.util.ExpandableStringEnum;
import com.azure.resourcemanager.containerservice.fluent.models.AgentPoolInner;
import com.azure.resourcemanager.containerservice.models.OSSku;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extensible enums of an agent pool are registered for the native executable (an ARM answer
 * with a value the SDK does not know is created by reflection); this keeps the list in step with
 * the SDK version.
 */
class AzureNativeReflectionTest {
  @Test
  void everyExpandableEnumOfAnAgentPoolIsRegistered() {
    Set<String> reachable = expandableEnumsIn(AgentPoolInner.class);
    assertThat(reachable).contains(OSSku.class.getName());

    assertThat(reachable)
        .as("add these to @RegisterForReflection on AzureNativeReflection")
        .isSubsetOf(registered());
  }

  private static Set<String> registered() {
    RegisterForReflection r =
        AzureNativeReflection.class.getAnnotation(RegisterForReflection.class);
    Set<String> names = new HashSet<>();
    for (Class<?> c : r.targets()) {
      names.add(c.getName());
    }
    names.addAll(List.of(r.classNames()));
    return names;
  }

  /** ExpandableStringEnum types in the instance fields of a model, followed through its models. */
  private static Set<String> expandableEnumsIn(Class<?> root) {
    Set<String> enums = new TreeSet<>();
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      Class<?> c = queue.poll();
      if (!seen.add(c)) {
        continue;
      }
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        for (Class<?> t : types(f.getGenericType())) {
          if (!t.getName().startsWith("com.azure.")) {
            continue;
          }
          if (ExpandableStringEnum.class.isAssignableFrom(t)) {
            enums.add(t.getName());
          } else {
            queue.add(t);
          }
        }
      }
    }
    return enums;
  }

  private static Set<Class<?>> types(Type type) {
    Set<Class<?>> out = new HashSet<>();
    if (type instanceof Class<?> c) {
      out.add(c.isArray() ? c.getComponentType() : c);
    } else if (type instanceof ParameterizedType p) {
      out.addAll(types(p.getRawType()));
      for (Type arg : p.getActualTypeArguments()) {
        out.addAll(types(arg));
      }
    }
    return out;
  }
}
