package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinterTest {

    private static List<LintIssue> lint(String text) throws IpxeParseException {
        return IpxeScript.parse(text).lint();
    }

    private static List<LintIssue.Kind> kinds(String text) throws IpxeParseException {
        return lint(text).stream().map(LintIssue::kind).toList();
    }

    @Test
    void aCleanScriptHasNoIssues() throws IpxeParseException {
        assertEquals(List.of(), lint("#!ipxe\n:retry\ndhcp || goto retry\nchain http://x/a || goto retry\n"));
    }

    @Test
    void unknownCommandIsReportedWithItsLine() throws IpxeParseException {
        assertEquals(List.of(new LintIssue(LintIssue.Kind.UNKNOWN_COMMAND, 3, "unknown command \"kernal\"")),
                lint("#!ipxe\ndhcp\nkernal http://x/k\nboot\n"));
    }

    @Test
    void realIpxeCommandsOutsideTheModelAreKnown() throws IpxeParseException {
        assertEquals(List.of(), lint("#!ipxe\nimgfree\nshow net0/ip\nsanboot iscsi:x\n"));
    }

    @Test
    void gotoToAMissingLabel() throws IpxeParseException {
        assertEquals(List.of(new LintIssue(LintIssue.Kind.MISSING_LABEL, 2, "goto retyr: no label :retyr")),
                lint("#!ipxe\nchain http://x/a || goto retyr\n:retry\n"));
    }

    @Test
    void duplicateLabel() throws IpxeParseException {
        assertEquals(List.of(LintIssue.Kind.DUPLICATE_LABEL), kinds("#!ipxe\n:a\n:a\nboot\n"));
    }

    @Test
    void aScriptThatNeverLeaves() throws IpxeParseException {
        assertEquals(List.of(LintIssue.Kind.NO_EXIT_PATH), kinds("#!ipxe\ndhcp\necho hello\n"));
    }

    @Test
    void aBootOnlyBehindAnUnconditionalGotoIsNotReached() throws IpxeParseException {
        assertEquals(List.of(LintIssue.Kind.NO_EXIT_PATH), kinds("#!ipxe\n:top\necho x\ngoto top\nboot\n"));
        assertEquals(List.of(), kinds("#!ipxe\n:top\necho x\ngoto end\nboot\n:end\nexit\n"));
    }

    @Test
    void aDynamicGotoMayReachAnyLabel() throws IpxeParseException {
        assertEquals(List.of(), kinds("#!ipxe\nchoose t\ngoto ${t}\n:a\nreboot\n"));
    }
}
