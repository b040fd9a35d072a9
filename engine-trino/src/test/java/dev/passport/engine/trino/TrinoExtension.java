package dev.passport.engine.trino;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link RunningTrino} parameters. The server starts once per test JVM (its start is most
 * of the module's run time) and stops when the JVM's test plan ends; test classes keep to their own
 * schemas.
 */
final class TrinoExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TrinoExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RunningTrino.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("trino", key -> started(), RunningTrino.class);
  }

  private static RunningTrino started() {
    RunningTrino trino = RunningTrino.start();
    // Start-up is most of this module's time; printed so CI logs show it.
    System.out.println(
        "Trino " + RunningTrino.VERSION + " started in " + trino.startMillis() + " ms");
    return trino;
  }
}
