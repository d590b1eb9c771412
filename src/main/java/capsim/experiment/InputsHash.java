package capsim.experiment;

import capsim.config.JsonText;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over every resolved experiment of a batch, in plan order: a resume compares it with
 * the one recorded in {@code batch.json}, so a batch never mixes results of two models.
 */
public final class InputsHash {
    private final MessageDigest sha;

    public InputsHash() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds one resolved experiment (its compact JSON text). */
    public InputsHash add(JsonObject resolved) {
        sha.update(JsonText.COMPACT.toJson(resolved).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The hash in hex; ends this hash. */
    public String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
