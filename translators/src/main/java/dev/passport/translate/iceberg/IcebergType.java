package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * An Iceberg type as the table schema JSON spells it: a primitive ({@code long}, {@code
 * decimal(12,2)}, {@code timestamptz} …) or a nested {@code struct}, {@code list} or {@code map}.
 *
 * @param name the primitive type's name, or {@code struct}, {@code list}, {@code map}
 * @param children a struct's fields; a list's element; a map's key then value; empty for a
 *     primitive
 */
public record IcebergType(String name, List<IcebergField> children) {
  public IcebergType {
    requireNonNull(name, "name is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    name = name.toLowerCase(Locale.ROOT);
    children = List.copyOf(requireNonNull(children, "children is null"));
  }

  public static IcebergType primitive(String name) {
    return new IcebergType(name, List.of());
  }

  public static IcebergType struct(List<IcebergField> fields) {
    return new IcebergType("struct", fields);
  }

  public static IcebergType list(IcebergField element) {
    return new IcebergType("list", List.of(element));
  }

  public static IcebergType map(IcebergField key, IcebergField value) {
    return new IcebergType("map", List.of(key, value));
  }

  public boolean isNested() {
    return name.equals("struct") || name.equals("list") || name.equals("map");
  }

  public boolean isMap() {
    return name.equals("map");
  }

  public boolean isString() {
    return name.equals("string");
  }

  public boolean isDecimal() {
    return name.startsWith("decimal(");
  }

  /** The scale of a {@code decimal(p,s)}; 0 for other types. */
  public int decimalScale() {
    if (!isDecimal()) {
      return 0;
    }
    String inside = name.substring("decimal(".length(), name.length() - 1);
    return Integer.parseInt(inside.substring(inside.indexOf(',') + 1).trim());
  }

  /** date, timestamp, timestamptz, timestamp_ns or timestamptz_ns. */
  public boolean isDateOrTimestamp() {
    return name.equals("date") || isTimestamp();
  }

  public boolean isTimestamp() {
    return name.equals("timestamp")
        || name.equals("timestamptz")
        || name.equals("timestamp_ns")
        || name.equals("timestamptz_ns");
  }

  public boolean isTimestampWithZone() {
    return name.equals("timestamptz") || name.equals("timestamptz_ns");
  }

  public boolean isIntegral() {
    return name.equals("int") || name.equals("long");
  }
}
