package org.bootnode.ipxe;

import java.util.List;

/** The embedding example of README.md, compiled; {@link ReadmeTest} checks the two are the same. */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static List<Object> run() throws IpxeParseException {
        // README example begin
        BootTarget compute = BootTarget.of("http://10.0.0.1:8080/images/compute/kernel",
                "http://10.0.0.1:8080/images/compute/initrd", "console=ttyS0 quiet");
        BootTarget failsafe = BootTarget.of("http://10.0.0.1:8080/images/failsafe/kernel",
                "http://10.0.0.1:8080/images/failsafe/initrd", "console=ttyS0");
        String nodeScript = BootScripts.kernelAndInitrd(compute, failsafe).render(); // retries, then a menu
        String generic = BootScripts.chainByMac("http://10.0.0.1:8080/nodes/", "/boot.ipxe").render();
        IpxeScript own = IpxeScript.builder()
                .label("retry")
                .line(Line.of(Dhcp.any()).or(Goto.to("retry")))
                .line(Line.of(ImageFetch.chain(Value.parse("http://10.0.0.1:8080/nodes/${net0/mac}/boot.ipxe")))
                        .or(new Shell()))
                .build();
        IpxeScript read = IpxeScript.parse(own.render());   // equals own
        List<LintIssue> issues = read.lint();               // empty: the goto has its label, chain leaves
        // README example end
        return List.of(nodeScript, generic, own, read, issues);
    }
}
