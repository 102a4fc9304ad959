/**
 * A typed model of iPXE scripts, with a renderer, a parser, a linter and ready-made boot
 * scripts.
 *
 * <h2>What iPXE does with a script (and so what this model allows)</h2>
 * Read from iPXE's source (image/script.c, core/exec.c, core/getopt.c, core/settings.c):
 * <ol>
 *   <li>Lines split on LF; one trailing CR is dropped; a line ending in {@code \} is joined to
 *       the next with nothing in between. A line whose first non-blank is {@code :} starts
 *       with a label.</li>
 *   <li>A line splits on whitespace (space, tab, CR, LF, VT, FF). There is <b>no quoting and
 *       no escaping</b>.</li>
 *   <li>The tokens {@code ||}, {@code &&} and {@code ;} separate commands, and any token that
 *       <em>starts</em> with {@code #} starts a comment; both are decided before expansion.</li>
 *   <li>Each token then has its {@code ${...}} references expanded, the innermost first, again
 *       and again until no {@code ${...}} is left: an expanded value is itself expanded, and
 *       nothing escapes a literal <code>${</code>.</li>
 *   <li>The command parses its options on the expanded tokens: options come first; the first
 *       token not starting with {@code -}, or {@code --}, ends them; an option's value in the
 *       next token may not start with {@code -}.</li>
 *   <li>Commands that take free text ({@code echo}, {@code set}, {@code menu}, {@code item},
 *       {@code prompt}, image command lines) join the remaining tokens with single spaces.</li>
 * </ol>
 *
 * <h2>How the model stays exact</h2>
 * <ul>
 *   <li>A {@link org.bootnode.ipxe.Value} is one token: literal text and
 *       {@link org.bootnode.ipxe.Setting} references. Literal text with whitespace, NUL or
 *       <code>${</code>, starting with {@code #}, or equal to a separator is refused with an
 *       {@code IllegalArgumentException}; nothing else is.</li>
 *   <li>Text with spaces is {@link org.bootnode.ipxe.Words}: single spaces are exact, because iPXE
 *       joins words with single spaces; leading, trailing and repeated spaces are refused. A
 *       single argument with spaces goes through a setting: {@code set v a b} then
 *       {@code ${v}}. Any other text without NUL or <code>${</code> goes through
 *       {@link org.bootnode.ipxe.SetSetting#exactly}: {@code set v:hex ...} then
 *       {@code ${v:string}}.</li>
 *   <li>The renderer writes {@code --} before a first argument that may start with {@code -}
 *       (a literal {@code -x}, or a setting that is not known to be dash-free such as
 *       {@code ${net0/mac}}), and {@code --option=value} for an option value that may.</li>
 *   <li>A line that would end in a backslash gets a trailing {@code #} so that it does not
 *       continue; comments and labels may not end in one.</li>
 *   <li>A setting's own value is substituted as iPXE does, re-expansion included: the model
 *       guarantees the tokens and the literal text, not what a setting holds at boot.</li>
 * </ul>
 *
 * <h2>How a command is described</h2>
 * Each command record declares its own descriptor beside its fields, as iPXE's
 * {@code struct command} and {@code struct command_descriptor} do: its name, its option
 * table, how many arguments it takes, how the record is read from a parsed command line and
 * how it is written back. Reading, writing and linting all go through that one table, so a
 * new command is its record, named in {@link org.bootnode.ipxe.Command}'s {@code permits} and
 * in the table. The grammar machinery under the model (lexer, option parser, line writer,
 * linter) lives in a package that is not exported.
 *
 * <h2>Entry points</h2>
 * {@link org.bootnode.ipxe.IpxeScript#builder()}, {@link org.bootnode.ipxe.IpxeScript#render()},
 * {@link org.bootnode.ipxe.IpxeScript#parse(String)}, {@link org.bootnode.ipxe.IpxeScript#lint()},
 * and {@link org.bootnode.ipxe.BootScripts}.
 */
package org.bootnode.ipxe;
