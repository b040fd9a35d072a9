package dev.passport.model.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes the PolicySet JSON format, Passport's public interchange format.
 *
 * <p>Writing is deterministic: the same set gives the same bytes (members in record component
 * order, two-space indentation, {@code \n} line ends, a trailing newline, absent optionals left
 * out). Reading is strict and lossless: an unknown member, a wrong type, a missing member or a bad
 * value fails with {@link ErrorCode#INVALID_JSON} and the JSON path of the problem; a document of
 * another format version fails with {@link ErrorCode#UNSUPPORTED_FORMAT_VERSION}. Number literals
 * keep every digit.
 *
 * <pre>{@code
 * String json = PolicySetCodec.toJson(set);
 * PolicySet same = PolicySetCodec.fromJson(json, "policies.json");
 * }</pre>
 *
 * <p>The format is described by a JSON Schema (draft 2020-12) on the class path at {@link
 * #SCHEMA_RESOURCE}.
 */
public final class PolicySetCodec {
  /**
   * The class-path resource holding the format's JSON Schema, for {@link
   * ClassLoader#getResourceAsStream(String)} (no leading slash).
   */
  public static final String SCHEMA_RESOURCE = "dev/passport/model/json/policyset.schema.json";

  /**
   * The deepest nesting of JSON objects and arrays read or written; bounds the stack a hostile
   * document can use.
   */
  public static final int MAX_NESTING_DEPTH = 500;

  /** The most characters a number literal may take when written out in plain digits. */
  public static final int MAX_NUMBER_LENGTH = 1000;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxNumberLength(MAX_NUMBER_LENGTH)
                  .build())
          .streamWriteConstraints(
              StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY)
          // Decimals are read exactly: a double would round 0.1 and lose digits of big numbers.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private PolicySetCodec() {}

  /**
   * The set as a JSON document.
   *
   * @throws PassportException {@link ErrorCode#INVALID_POLICY_SET} when the set nests deeper than
   *     {@link #MAX_NESTING_DEPTH} or holds a number longer than {@link #MAX_NUMBER_LENGTH}, which
   *     could not be read back
   */
  public static String toJson(PolicySet set) {
    requireNonNull(set, "set is null");
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      generator.setPrettyPrinter(prettyPrinter());
      try {
        new PolicySetWriter(generator).write(set);
      } catch (StreamConstraintsException e) {
        throw new PassportException(
            ErrorCode.INVALID_POLICY_SET,
            JsonPaths.of(generator.getOutputContext())
                + ": nesting deeper than "
                + MAX_NESTING_DEPTH
                + " levels cannot be written",
            e);
      }
    } catch (IOException e) {
      // A StringWriter does not fail.
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toString();
  }

  /**
   * Reads a JSON document.
   *
   * @param sourceName the file name or other label that error messages start with
   * @throws PassportException {@link ErrorCode#INVALID_JSON} with the line and column of malformed
   *     JSON or the JSON path of a bad value; {@link ErrorCode#UNSUPPORTED_FORMAT_VERSION} when the
   *     {@code "passport"} version is missing or not {@link PolicySet#FORMAT_VERSION}
   */
  public static PolicySet fromJson(String json, String sourceName) {
    requireNonNull(json, "json is null");
    requireNonNull(sourceName, "sourceName is null");
    JsonNode root;
    try (JsonParser parser = FACTORY.createParser(json)) {
      try {
        root = MAPPER.readTree(parser);
      } catch (StreamConstraintsException e) {
        // Jackson reports no location for this one; the parser still knows where it stopped.
        throw new PassportException(
            ErrorCode.INVALID_JSON,
            sourceName
                + ": "
                + JsonPaths.of(parser.getParsingContext())
                + ": "
                + limitMessage(e)
                + " ("
                + location(parser.currentLocation())
                + ")",
            e);
      } catch (JsonProcessingException e) {
        throw new PassportException(
            ErrorCode.INVALID_JSON,
            sourceName
                + ": "
                + location(e.getLocation())
                + ": malformed JSON: "
                + e.getOriginalMessage(),
            e);
      }
    } catch (IOException e) {
      // Parsing a String does no I/O; only the JsonProcessingExceptions above can happen.
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode()) {
      throw new PassportException(ErrorCode.INVALID_JSON, sourceName + ": empty document");
    }
    return new PolicySetReader(sourceName).read(root);
  }

  /**
   * Reads a JSON file (UTF-8); error messages name the file.
   *
   * @throws PassportException {@link ErrorCode#IO_ERROR} when the file cannot be read, else as
   *     {@link #fromJson}
   */
  public static PolicySet read(Path file) {
    requireNonNull(file, "file is null");
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new PassportException(ErrorCode.INVALID_JSON, file + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw new PassportException(ErrorCode.IO_ERROR, file + ": cannot read: " + e, e);
    }
    // Editors on some platforms start UTF-8 files with a byte order mark; JSON text has none.
    if (json.startsWith("\uFEFF")) {
      json = json.substring(1);
    }
    return fromJson(json, file.toString());
  }

  /**
   * Writes the set as a JSON file (UTF-8), replacing the file.
   *
   * @throws PassportException {@link ErrorCode#IO_ERROR} when the file cannot be written, else as
   *     {@link #toJson}
   */
  public static void write(PolicySet set, Path file) {
    requireNonNull(file, "file is null");
    String json = toJson(set);
    try {
      Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(ErrorCode.IO_ERROR, file + ": cannot write: " + e, e);
    }
  }

  /** The text of the JSON Schema at {@link #SCHEMA_RESOURCE}. */
  public static String schema() {
    try (InputStream in =
        PolicySetCodec.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new PassportException(
            ErrorCode.INTERNAL_ERROR, "resource missing from the class path: " + SCHEMA_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(ErrorCode.INTERNAL_ERROR, "cannot read " + SCHEMA_RESOURCE, e);
    }
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    // "name": value, empty containers as [] and {}, two spaces, \n on every platform.
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }

  private static String limitMessage(StreamConstraintsException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.contains("nesting depth")) {
      return "nesting deeper than " + MAX_NESTING_DEPTH + " levels";
    }
    return message;
  }

  private static String location(JsonLocation location) {
    if (location == null) {
      return "unknown location";
    }
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
