package org.bootnode.server.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = BootnodeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"bootnode " + (version == null ? "development" : version)};
    }
}
