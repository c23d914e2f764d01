package sh.kaito.operator.config;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Makes the newest metrics bean the owner of its gauges. Micrometer returns the existing meter when
 * a name and tags are registered again, so gauges whose function reads a bean's state would keep
 * reading a replaced bean (after an application restart against the same global registry) and
 * report stale values. Removing the old gauges first lets the new bean's functions be the ones
 * scraped.
 */
public final class GaugeOwnership {
  private GaugeOwnership() {}

  public static void takeOver(MeterRegistry registry, String... names) {
    for (String name : names) {
      for (Meter meter : registry.find(name).meters()) {
        registry.remove(meter);
      }
    }
  }
}
