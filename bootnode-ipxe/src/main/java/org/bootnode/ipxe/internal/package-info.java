/**
 * The grammar machinery under the model, not API: the lexer of script text ({@link
 * org.bootnode.ipxe.internal.ScriptLexer}), iPXE's option parser ({@link
 * org.bootnode.ipxe.internal.Getopt}), the command line writer ({@link
 * org.bootnode.ipxe.internal.CommandLine}), the command descriptors and their table ({@link
 * org.bootnode.ipxe.internal.CommandSpec}, {@link org.bootnode.ipxe.internal.CommandTable}) and
 * the linter's flow analysis ({@link org.bootnode.ipxe.internal.Linter}).
 *
 * <p>This package sits below {@code org.bootnode.ipxe} and never refers to it: it works on
 * tokens and on a value type {@code V} it is given ({@link
 * org.bootnode.ipxe.internal.ValueSyntax}), so that the model can use it without a package
 * cycle, the way iPXE's core/getopt.c and core/exec.c serve every command in hci/commands.
 */
package org.bootnode.ipxe.internal;
