package dev.passport.enforce.mask;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/**
 * Reads JDBC values into the evaluator's value domain (text, decimal, boolean, date, timestamp).
 */
final class JdbcValues {
  private JdbcValues() {}

  static Object read(ResultSet resultSet, int position, ResultSetMetaData metaData)
      throws SQLException {
    switch (metaData.getColumnType(position)) {
      case Types.NUMERIC:
      case Types.DECIMAL:
        return resultSet.getBigDecimal(position);
      case Types.DATE:
        {
          java.sql.Date date = resultSet.getDate(position);
          return date == null ? null : date.toLocalDate();
        }
      case Types.TIMESTAMP:
        {
          Timestamp timestamp = resultSet.getTimestamp(position);
          return timestamp == null ? null : timestamp.toLocalDateTime();
        }
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.CLOB:
        return resultSet.getString(position);
      default:
        return resultSet.getObject(position);
    }
  }
}
