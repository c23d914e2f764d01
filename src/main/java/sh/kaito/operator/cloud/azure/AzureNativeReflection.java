package sh.kaito.operator.cloud.azure;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.ResponseBase;
import com.azure.core.http.rest.StreamResponse;
import com.azure.core.util.DateTimeRfc1123;
import com.azure.resourcemanager.containerservice.models.AgentPoolMode;
import com.azure.resourcemanager.containerservice.models.AgentPoolSshAccess;
import com.azure.resourcemanager.containerservice.models.AgentPoolType;
import com.azure.resourcemanager.containerservice.models.Code;
import com.azure.resourcemanager.containerservice.models.GpuDriver;
import com.azure.resourcemanager.containerservice.models.GpuInstanceProfile;
import com.azure.resourcemanager.containerservice.models.KubeletDiskType;
import com.azure.resourcemanager.containerservice.models.LocalDnsForwardDestination;
import com.azure.resourcemanager.containerservice.models.LocalDnsForwardPolicy;
import com.azure.resourcemanager.containerservice.models.LocalDnsMode;
import com.azure.resourcemanager.containerservice.models.LocalDnsProtocol;
import com.azure.resourcemanager.containerservice.models.LocalDnsQueryLogging;
import com.azure.resourcemanager.containerservice.models.LocalDnsServeStale;
import com.azure.resourcemanager.containerservice.models.LocalDnsState;
import com.azure.resourcemanager.containerservice.models.OSDiskType;
import com.azure.resourcemanager.containerservice.models.OSSku;
import com.azure.resourcemanager.containerservice.models.OSType;
import com.azure.resourcemanager.containerservice.models.PodIpAllocationMode;
import com.azure.resourcemanager.containerservice.models.Protocol;
import com.azure.resourcemanager.containerservice.models.ScaleDownMode;
import com.azure.resourcemanager.containerservice.models.ScaleSetEvictionPolicy;
import com.azure.resourcemanager.containerservice.models.ScaleSetPriority;
import com.azure.resourcemanager.containerservice.models.UndrainableNodeBehavior;
import com.azure.resourcemanager.containerservice.models.WorkloadRuntime;

/**
 * What the Azure SDK reaches by reflection beyond the configuration its jars ship ({@code
 * META-INF/native-image} of azure-core, azure-core-management, azure-identity and
 * azure-resourcemanager-containerservice: the REST proxies of the service interfaces, the polling
 * and error models, MSAL's JSON types), for the native executable.
 *
 * <ul>
 *   <li>azure-core's response and header types, as the Quarkus Azure extensions register them;
 *   <li>the {@code ExpandableStringEnum} types of an agent pool ({@code AgentPoolInner} and what it
 *       holds): ARM answers with a value the SDK does not know (a new OS SKU, say) are created
 *       through the type's no-argument constructor, found by reflection.
 * </ul>
 *
 * <p>The SDK's models read and write JSON through azure-json (generated {@code fromJson}/{@code
 * toJson}), not Jackson databind, so they need no registration. The classes whose static
 * initializer starts a Vert.x instance are initialized at run time: see {@code
 * META-INF/native-image/sh.kaito/kaito-operator/native-image.properties}.
 */
@RegisterForReflection(
    targets = {
      DateTimeRfc1123.class,
      StreamResponse.class,
      ResponseBase.class,
      HttpHeaderName.class,
      AgentPoolMode.class,
      AgentPoolSshAccess.class,
      AgentPoolType.class,
      Code.class,
      GpuDriver.class,
      GpuInstanceProfile.class,
      KubeletDiskType.class,
      LocalDnsForwardDestination.class,
      LocalDnsForwardPolicy.class,
      LocalDnsMode.class,
      LocalDnsProtocol.class,
      LocalDnsQueryLogging.class,
      LocalDnsServeStale.class,
      LocalDnsState.class,
      OSDiskType.class,
      OSSku.class,
      OSType.class,
      PodIpAllocationMode.class,
      Protocol.class,
      ScaleDownMode.class,
      ScaleSetEvictionPolicy.class,
      ScaleSetPriority.class,
      UndrainableNodeBehavior.class,
      WorkloadRuntime.class,
    })
final class AzureNativeReflection {
  private AzureNativeReflection() {}
}
