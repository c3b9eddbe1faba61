package io.distillery.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the build's version from the jar manifest. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Distillery.class.getPackage().getImplementationVersion();
    return new String[] {"distillery " + (version == null ? "(development build)" : version)};
  }
}
