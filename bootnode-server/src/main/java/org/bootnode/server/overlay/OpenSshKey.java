package org.bootnode.server.overlay;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import java.util.Objects;

/**
 * An SSH host key pair as OpenSSH writes it: the private key in the {@code openssh-key-v1}
 * format, unencrypted (OpenSSH's PROTOCOL.key), and the public key line of a {@code .pub} file
 * (RFC 4253 §6.6, RFC 8709 for Ed25519).
 *
 * <pre>
 * "openssh-key-v1\0"  string "none" (cipher)  string "none" (kdf)  string "" (kdf options)
 * uint32 1 (keys)     string public-key blob
 * string private section, padded with 1, 2, 3... to a multiple of 8:
 *     uint32 check  uint32 check (the same random number twice)
 *     ed25519: string "ssh-ed25519"  string pub (32)  string seed||pub (64)
 *     rsa:     string "ssh-rsa"  mpint n  mpint e  mpint d  mpint iqmp  mpint p  mpint q
 *     string comment
 * </pre>
 *
 * @param type {@code ssh-ed25519} or {@code ssh-rsa}
 * @param privateKeyFile the text of the private key file (PEM-style armour, 70-column base64)
 * @param publicKeyLine the {@code .pub} file's line: {@code TYPE BASE64 COMMENT} and a newline
 */
public record OpenSshKey(String type, String privateKeyFile, String publicKeyLine) {
    /** RSA host keys: 3072 bits, OpenSSH's default since 8.0. */
    public static final int RSA_BITS = 3072;

    /** Checks the parts. */
    public OpenSshKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Objects.requireNonNull(publicKeyLine, "publicKeyLine");
    }

    /** A new Ed25519 key pair. */
    public static OpenSshKey ed25519(SecureRandom random, String comment) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(255, random);
            KeyPair pair = g.generateKeyPair();
            byte[] pub = ed25519Public((EdECPublicKey) pair.getPublic());
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            byte[] blob = new SshBuffer().string("ssh-ed25519").string(pub).bytes();
            byte[] both = new byte[64];
            System.arraycopy(seed, 0, both, 0, 32);
            System.arraycopy(pub, 0, both, 32, 32);
            SshBuffer secret = new SshBuffer().string("ssh-ed25519").string(pub).string(both);
            return of("ssh-ed25519", blob, secret, comment, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17", e);
        }
    }

    /** A new RSA key pair of {@link #RSA_BITS} bits and public exponent 65537. */
    public static OpenSshKey rsa(SecureRandom random, String comment) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4), random);
            KeyPair pair = g.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) pair.getPrivate();
            byte[] blob = new SshBuffer().string("ssh-rsa").mpint(pub.getPublicExponent()).mpint(pub.getModulus()).bytes();
            SshBuffer secret = new SshBuffer().string("ssh-rsa").mpint(priv.getModulus()).mpint(priv.getPublicExponent())
                    .mpint(priv.getPrivateExponent()).mpint(priv.getCrtCoefficient()).mpint(priv.getPrimeP())
                    .mpint(priv.getPrimeQ());
            return of("ssh-rsa", blob, secret, comment, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every Java", e);
        }
    }

    /**
     * The fingerprint OpenSSH prints ({@code ssh-keygen -l}): {@code SHA256:} and the unpadded
     * base64 of the SHA-256 of the public key blob.
     *
     * @throws IllegalArgumentException when {@code publicKeyLine} is not {@code TYPE BASE64 [COMMENT]}
     */
    public static String fingerprint(String publicKeyLine) {
        String[] parts = publicKeyLine.strip().split(" ");
        if (parts.length < 2) {
            throw new IllegalArgumentException("public key: " + parts[0] + " (expected: TYPE BASE64 [COMMENT])");
        }
        try {
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    /** This key's fingerprint. */
    public String fingerprint() {
        return fingerprint(publicKeyLine);
    }

    private static OpenSshKey of(String type, byte[] blob, SshBuffer secret, String comment, SecureRandom random) {
        int check = random.nextInt();
        SshBuffer priv = new SshBuffer().uint32(check).uint32(check).raw(secret.bytes()).string(comment);
        for (int pad = 1; priv.size() % 8 != 0; pad++) {
            priv.raw(new byte[] {(byte) pad});
        }
        byte[] file = new SshBuffer().raw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII))
                .string("none").string("none").string(new byte[0]).uint32(1).string(blob).string(priv.bytes()).bytes();
        String base64 = Base64.getEncoder().encodeToString(file);
        StringBuilder text = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for (int i = 0; i < base64.length(); i += 70) {
            text.append(base64, i, Math.min(base64.length(), i + 70)).append('\n');
        }
        text.append("-----END OPENSSH PRIVATE KEY-----\n");
        String pubLine = type + " " + Base64.getEncoder().encodeToString(blob) + " " + comment + "\n";
        return new OpenSshKey(type, text.toString(), pubLine);
    }

    /** RFC 8032 §5.1.2: y little-endian in 32 bytes, the top bit of the last byte holding x's parity. */
    private static byte[] ed25519Public(EdECPublicKey key) {
        BigInteger y = key.getPoint().getY();
        byte[] big = y.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        if (key.getPoint().isXOdd()) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    /** The SSH wire encodings of RFC 4251 §5: uint32, string, mpint. */
    private static final class SshBuffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        SshBuffer uint32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        SshBuffer string(byte[] b) {
            uint32(b.length);
            return raw(b);
        }

        SshBuffer string(String s) {
            return string(s.getBytes(StandardCharsets.UTF_8));
        }

        /** Two's complement, big-endian, shortest form: what BigInteger.toByteArray gives (0 is empty). */
        SshBuffer mpint(BigInteger v) {
            return string(v.signum() == 0 ? new byte[0] : v.toByteArray());
        }

        SshBuffer raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
