package sh.kaito.operator.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.Workspace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything Jackson reads or writes as (part of) a custom resource or a catalog entry is
 * registered for reflection in {@link NativeReflection}; otherwise the native executable fails on
 * it at run time while the JVM build and every other test pass.
 */
class NativeReflectionTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("sh.kaito.operator.api", "sh.kaito.operator.catalog");

  @Test
  void everyApiAndCatalogDataClassIsRegistered() {
    assertThat(dataClasses()).as("data classes found").hasSizeGreaterThan(30);
    assertThat(unregistered(registered()))
        .as("add these to @RegisterForReflection on config.NativeReflection")
        .isEmpty();
  }

  @Test
  void everyTypeInsideARegisteredClassIsRegistered() {
    Set<String> registered = registered();
    List<String> missing = new ArrayList<>();
    for (String name : registered) {
      for (Class<?> inner : ownFieldTypes(load(name))) {
        if (!registered.contains(inner.getName())) {
          missing.add(name + " holds " + inner.getName());
        }
      }
    }
    assertThat(missing).as("field types of registered classes that are not registered").isEmpty();
  }

  @Test
  void classNamesNameExistingClasses() {
    for (String name :
        NativeReflection.class.getAnnotation(RegisterForReflection.class).classNames()) {
      assertThat(load(name)).as(name).isNotNull();
    }
  }

  @Test
  void theCheckReportsAMissingClass() {
    Set<String> registered = registered();
    registered.remove(ResourceSpec.class.getName());
    registered.remove(Workspace.class.getName());

    assertThat(unregistered(registered))
        .containsExactlyInAnyOrder(ResourceSpec.class.getName(), Workspace.class.getName());
  }

  /**
   * Classes with state: the API's custom resources, their records and enums, schema stand-ins; the
   * catalog's records and enums. Constant holders (only static fields) are not data.
   */
  private static Set<String> dataClasses() {
    Set<String> data = new TreeSet<>();
    for (JavaClass c : CLASSES) {
      if (c.getSimpleName().equals("package-info") || c.isAnonymousClass()) {
        continue;
      }
      boolean api = c.getPackageName().startsWith("sh.kaito.operator.api");
      boolean instanceFields =
          c.getAllFields().stream().anyMatch(f -> !f.getModifiers().contains(JavaModifier.STATIC));
      if (c.isRecord() || c.isEnum() || (api && instanceFields)) {
        data.add(c.getName());
      }
    }
    return data;
  }

  private static List<String> unregistered(Set<String> registered) {
    List<String> missing = new ArrayList<>();
    for (String name : dataClasses()) {
      if (!registered.contains(name)) {
        missing.add(name);
      }
    }
    return missing;
  }

  private static Set<String> registered() {
    RegisterForReflection r = NativeReflection.class.getAnnotation(RegisterForReflection.class);
    Set<String> names = new HashSet<>();
    for (Class<?> c : r.targets()) {
      names.add(c.getName());
    }
    names.addAll(List.of(r.classNames()));
    return names;
  }

  /** Types of the instance fields (and their type arguments) declared in this project. */
  private static Set<Class<?>> ownFieldTypes(Class<?> c) {
    Set<Class<?>> types = new HashSet<>();
    for (Class<?> k = c; k != null && k.getName().startsWith("sh.kaito."); k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          collect(f.getGenericType(), types);
        }
      }
    }
    return types;
  }

  private static void collect(Type type, Set<Class<?>> into) {
    if (type instanceof Class<?> c) {
      Class<?> element = c.isArray() ? c.getComponentType() : c;
      if (element.getName().startsWith("sh.kaito.")) {
        into.add(element);
      }
    } else if (type instanceof ParameterizedType p) {
      collect(p.getRawType(), into);
      for (Type arg : p.getActualTypeArguments()) {
        collect(arg, into);
      }
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, NativeReflectionTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError("registered class does not exist: " + name, e);
    }
  }
}
