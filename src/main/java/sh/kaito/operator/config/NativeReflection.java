package sh.kaito.operator.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import sh.kaito.operator.api.machine.CloudResourceStatus;
import sh.kaito.operator.api.machine.ImageFamily;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineSpec;
import sh.kaito.operator.api.machine.MachineStatus;
import sh.kaito.operator.api.schema.ConditionSchema;
import sh.kaito.operator.api.schema.LabelSelectorSchema;
import sh.kaito.operator.api.schema.TaintSchema;
import sh.kaito.operator.api.v1beta1.AdapterSpec;
import sh.kaito.operator.api.v1beta1.DataDestination;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.Metric;
import sh.kaito.operator.api.v1beta1.ModelImageAccessMode;
import sh.kaito.operator.api.v1beta1.PartitionMode;
import sh.kaito.operator.api.v1beta1.PartitionSpec;
import sh.kaito.operator.api.v1beta1.Performance;
import sh.kaito.operator.api.v1beta1.PresetOptions;
import sh.kaito.operator.api.v1beta1.PresetSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.TuningSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceState;
import sh.kaito.operator.api.v1beta1.WorkspaceStatus;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.GpuInstanceType;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.ModelPreset;

/**
 * The classes Jackson reads and writes by reflection, for the native executable: the custom
 * resources with everything inside them (the API server's JSON, admission requests, plan's input
 * files) and the catalog entries (read from the classpath YAML by the operator and by {@code
 * plan}). The JVM needs none of this; in a native executable an unregistered record reads as an
 * error at run time. {@code NativeReflectionTest} fails when a data class under {@code api} or
 * {@code catalog} is missing here. The Azure SDK's own classes are registered in {@code
 * cloud.azure.AzureNativeReflection}.
 */
@RegisterForReflection(
    targets = {
      // kaito.sh/v1beta1 Workspace (storage version)
      Workspace.class,
      WorkspaceStatus.class,
      WorkspaceState.class,
      ResourceSpec.class,
      PartitionSpec.class,
      PartitionMode.class,
      InferenceSpec.class,
      PresetSpec.class,
      PresetOptions.class,
      ModelImageAccessMode.class,
      AdapterSpec.class,
      TuningSpec.class,
      DataSource.class,
      DataDestination.class,
      Metric.class,
      Performance.class,
      // kaito.sh/v1alpha1 Workspace (served; plan and the webhook read it)
      sh.kaito.operator.api.v1alpha1.Workspace.class,
      sh.kaito.operator.api.v1alpha1.ResourceSpec.class,
      sh.kaito.operator.api.v1alpha1.InferenceSpec.class,
      sh.kaito.operator.api.v1alpha1.PresetSpec.class,
      sh.kaito.operator.api.v1alpha1.PresetOptions.class,
      sh.kaito.operator.api.v1alpha1.TuningSpec.class,
      // kaito.sh/v1alpha1 Machine
      Machine.class,
      MachineSpec.class,
      MachineStatus.class,
      CloudResourceStatus.class,
      ImageFamily.class,
      // schema stand-ins of the CRD generator (build time only; cheap to keep consistent)
      ConditionSchema.class,
      LabelSelectorSchema.class,
      LabelSelectorSchema.Requirement.class,
      TaintSchema.class,
      // catalog entries
      ModelPreset.class,
      ModelPreset.Quantization.class,
      ModelPreset.TuningSupport.class,
      GpuInstanceType.class,
      GpuConfig.class,
      InferenceRuntime.class
    },
    // package-private catalog file shapes
    classNames = {
      "sh.kaito.operator.catalog.CatalogFiles$ModelFile",
      "sh.kaito.operator.catalog.CatalogFiles$InstanceTypeFile",
      "sh.kaito.operator.catalog.CatalogFiles$Layout"
    })
public final class NativeReflection {
  private NativeReflection() {}
}
