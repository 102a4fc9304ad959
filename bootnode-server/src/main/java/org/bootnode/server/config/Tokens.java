package org.bootnode.server.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The bearer tokens of the admin listener, read from the file {@code admin.tokens} names: one
 * entry per token, named, with its access and either the token itself or its SHA-256 (so that
 * the file need not hold the secret). The file must not be readable by every user.
 *
 * <pre>{@code
 * ops:     { access: read-write, token: "Zt4k2W9xq1Lr8PmA7cVb0sYe" }
 * grafana: { access: read, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 }
 * }</pre>
 *
 * <p>A presented token is hashed and compared with every entry's hash by
 * {@link MessageDigest#isEqual} (constant time, and every entry is compared, so neither the
 * time nor the order says which one matched or how much of one did). Nothing here keeps or
 * prints a token: an entry's {@code toString} is its name and access.
 */
public final class Tokens {
    private static final Set<String> ENTRY = Set.of("access", "token", "sha256");
    /** RFC 6750 §2.1's b64token, at least 16 characters: guessing one is no use. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]{16,1024}=*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** What a token may do. */
    public enum Access {
        /** GET and HEAD only. */
        READ("read"),
        /** Every method. */
        READ_WRITE("read-write");

        private final String text;

        Access(String text) {
            this.text = text;
        }

        /** The word in the file: {@code read} or {@code read-write}. */
        public String text() {
            return text;
        }
    }

    /**
     * One entry of the file.
     *
     * @param name the entry's name, the only thing about a token that is ever logged
     * @param access what the token may do
     */
    public record Token(String name, Access access, byte[] sha256) {
        /** Checks the parts. */
        public Token {
            BootConfig.checkName("token", name);
            Objects.requireNonNull(access, "access");
            if (sha256 == null || sha256.length != 32) {
                throw new IllegalArgumentException("sha256: expected 32 bytes");
            }
            sha256 = sha256.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Token t && t.name.equals(name) && t.access == access && MessageDigest.isEqual(t.sha256, sha256);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "Token[" + name + ", " + access.text() + "]";
        }
    }

    private final List<Token> tokens;

    /** The given entries (their names and hashes must differ). */
    public Tokens(List<Token> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** The entries, in file order. */
    public List<Token> all() {
        return tokens;
    }

    /** The entry whose token {@code presented} is, compared in constant time with each; empty when none is. */
    public Optional<Token> lookup(String presented) {
        byte[] hash = sha256(presented);
        Token found = null;
        for (Token t : tokens) {
            // No early exit: every entry costs the same whether or not an earlier one matched.
            if (MessageDigest.isEqual(hash, t.sha256)) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The SHA-256 of a token's UTF-8 bytes. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * Reads and checks a token file.
     *
     * @throws ConfigException every problem as {@code FILE:LINE: message}; a message never holds a token
     */
    public static Tokens read(Path file) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        String wrong = permissionProblem(file);
        if (wrong != null) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, "token file " + wrong)));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, "not UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, "cannot read: " + e.getMessage())));
        }
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setAllowRecursiveKeys(false)
                    .setMaxAliasesForCollections(10).setCodePointLimit(1024 * 1024).build();
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            // The problem's text may quote the line, and the line may be a token: say only where.
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            throw new ConfigException(List.of(new ConfigProblem(file, line, "not valid YAML")));
        } catch (YamlEngineException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1, "not valid YAML")));
        }
        List<Token> out = new ArrayList<>();
        if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
            throw new ConfigException(List.of(new ConfigProblem(file, 1,
                    "expected a mapping of token names to { access: read|read-write, token: ... or sha256: ... }")));
        }
        List<String> hashes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (NodeTuple t : top.getValue()) {
            int line = line(t.getKeyNode());
            if (!(t.getKeyNode() instanceof ScalarNode key) || !BootConfig.isName(key.getValue())) {
                problems.add(new ConfigProblem(file, line, "token name: expected letters, digits, '.', '_', '-', at most 63"));
                continue;
            }
            String name = key.getValue();
            if (names.contains(name)) {
                problems.add(new ConfigProblem(file, line, "token " + name + ": name repeated"));
                continue;
            }
            names.add(name);
            Token token = entry(file, name, t.getValueNode(), line, problems);
            if (token != null) {
                String hex = HexFormat.of().formatHex(token.sha256);
                int before = hashes.indexOf(hex);
                if (before >= 0) {
                    problems.add(new ConfigProblem(file, line, "token " + name + ": the same token as " + out.get(before).name()
                            + " (expected: one token per name, so that the log names who used it)"));
                    continue;
                }
                hashes.add(hex);
                out.add(token);
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(ConfigProblem::line));
            throw new ConfigException(problems);
        }
        return new Tokens(out);
    }

    private static Token entry(Path file, String name, Node node, int line, List<ConfigProblem> problems) {
        String where = "token " + name;
        if (!(node instanceof MappingNode map)) {
            problems.add(new ConfigProblem(file, line, where + ": expected { access: read|read-write, token: ... or sha256: ... }"));
            return null;
        }
        String access = null;
        String token = null;
        String sha = null;
        int before = problems.size();
        for (NodeTuple t : map.getValue()) {
            int at = line(t.getKeyNode());
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
            if (!ENTRY.contains(key)) {
                problems.add(new ConfigProblem(file, at, where + ": unknown key '" + (BootConfig.isName(key) ? key : "?")
                        + "' (expected one of: access, sha256, token)"));
                continue;
            }
            if (!(t.getValueNode() instanceof ScalarNode v) || v.getValue().isBlank()) {
                problems.add(new ConfigProblem(file, at, where + "." + key + ": expected a single value"));
                continue;
            }
            String value = v.getValue().strip();
            switch (key) {
                case "access" -> access = value;
                case "token" -> token = value;
                default -> sha = value;
            }
        }
        Access a = null;
        if (access == null) {
            problems.add(new ConfigProblem(file, line, where + ": access missing (expected: read or read-write)"));
        } else {
            for (Access x : Access.values()) {
                if (x.text.equals(access.toLowerCase(Locale.ROOT))) {
                    a = x;
                }
            }
            if (a == null) {
                problems.add(new ConfigProblem(file, line, where + ".access: " + (BootConfig.isName(access) ? access : "?")
                        + " (expected: read or read-write)"));
            }
        }
        if ((token == null) == (sha == null)) {
            problems.add(new ConfigProblem(file, line, where + ": expected one of token and sha256"));
        } else if (token != null && !TOKEN.matcher(token).matches()) {
            // Never echoed: this is the secret.
            problems.add(new ConfigProblem(file, line, where + ".token: not a usable bearer token (expected: at least 16 of"
                    + " A-Z a-z 0-9 - . _ ~ + /, e.g. from: openssl rand -hex 32)"));
        } else if (sha != null && !SHA256.matcher(sha).matches()) {
            problems.add(new ConfigProblem(file, line, where + ".sha256: expected 64 hexadecimal digits"));
        }
        if (problems.size() > before || a == null) {
            return null;
        }
        return new Token(name, a, token != null ? sha256(token) : HexFormat.of().parseHex(sha.toLowerCase(Locale.ROOT)));
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).orElse(0) + 1;
    }

    /** What is wrong with the file's kind or mode, or null: a regular file, readable, that not every user can read. */
    static String permissionProblem(Path file) {
        if (!Files.exists(file)) {
            return file + " does not exist";
        }
        if (!Files.isRegularFile(file)) {
            return file + " is not a regular file";
        }
        if (!Files.isReadable(file)) {
            return file + " cannot be read by this user";
        }
        try {
            if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                return file + " can be read by every user (expected: chmod 600 or 640, for the server's user and group only)";
            }
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
        return null;
    }
}
