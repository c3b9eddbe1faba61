package io.distillery.schemas.serde;

/**
 * Avro 1.12 refuses to instantiate generated classes from packages it has not been told to trust;
 * the wire records live in {@code io.distillery}, so that package is added once per JVM.
 */
final class TrustedPackages {

  private static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
  private static final String PACKAGE = "io.distillery";

  private TrustedPackages() {}

  static synchronized void trustDistillery() {
    String current = System.getProperty(PROPERTY);
    if (current == null || current.isBlank()) {
      System.setProperty(PROPERTY, PACKAGE);
    } else if (!current.contains(PACKAGE)) {
      System.setProperty(PROPERTY, current + "," + PACKAGE);
    }
  }
}
