package dev.kafkachatops.adapter.host;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The only values that go into host commands, checked before any command is built (and then quoted anyway):
 * versions, absolute paths of plain characters, file names, checksums, mirror URLs.
 */
final class SafeValues {
    private static final Pattern VERSION = Pattern.compile("\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}");
    private static final Pattern SCALA = Pattern.compile("\\d{1,2}\\.\\d{1,2}");
    private static final Pattern ABSOLUTE = Pattern.compile("/|(/[A-Za-z0-9._+-]+)+");
    /** No leading dot (no {@code .} or {@code ..}) and no leading dash (no option injection). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._+-]{0,127}");
    private static final Pattern RELATIVE = Pattern.compile("[A-Za-z0-9._+-]+(/[A-Za-z0-9._+-]+)*");
    private static final Pattern SHA512 = Pattern.compile("[0-9a-f]{128}");
    private static final Pattern URL_PATH = Pattern.compile("(/[A-Za-z0-9._~%+-]+)*/?");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,248}");

    private SafeValues() {
    }

    static String version(String v) {
        if (v == null || !VERSION.matcher(v).matches()) {
            throw new IllegalArgumentException("not a Kafka version (MAJOR.MINOR.PATCH expected): `" + v + "`");
        }
        return v;
    }

    static String scala(String v) {
        if (v == null || !SCALA.matcher(v).matches()) throw new IllegalArgumentException("not a Scala version: `" + v + "`");
        return v;
    }

    static String absolutePath(String p) {
        if (p == null || !ABSOLUTE.matcher(p).matches() || p.contains("/../") || p.endsWith("/..") || p.contains("/./")) {
            throw new IllegalArgumentException("not an absolute path of letters, digits and . _ + -: `" + p + "`");
        }
        return p;
    }

    static String relativePath(String p) {
        if (p == null || !RELATIVE.matcher(p).matches() || p.startsWith("..") || p.contains("/../")) {
            throw new IllegalArgumentException("not a relative path of letters, digits and . _ + -: `" + p + "`");
        }
        return p;
    }

    static String fileName(String n) {
        if (n == null || !NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("not a plain file name: `" + n + "`");
        }
        return n;
    }

    static String sha512(String hex) {
        String h = hex == null ? "" : hex.trim().toLowerCase(Locale.ROOT);
        if (!SHA512.matcher(h).matches()) {
            throw new IllegalArgumentException("not a SHA-512 checksum (128 hex digits expected)");
        }
        return h;
    }

    /** An http(s) URL without user info, query or fragment; returned without a trailing slash. */
    static String mirror(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawPath() == null
                || !URL_PATH.matcher(uri.getRawPath()).matches() || !uri.getHost().matches("[A-Za-z0-9.-]+|\\[[0-9a-fA-F:.]+]")) {
            throw new IllegalArgumentException("not a plain http(s) mirror URL: `" + uri + "`");
        }
        String s = scheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A Kafka config key. */
    static String configKey(String k) {
        if (k == null || !KEY.matcher(k).matches()) throw new IllegalArgumentException("not a config key: `" + k + "`");
        return k;
    }

    /** A config value: one line, no control characters. */
    static String configValue(String key, String v) {
        if (v == null || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("the value of " + key + " must be one line without control characters");
        }
        return v;
    }
}
