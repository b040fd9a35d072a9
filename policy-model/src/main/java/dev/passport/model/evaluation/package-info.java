/**
 * The evaluator: compiles a {@link dev.passport.model.PolicySet} once into indexes, then answers
 * (principal, securable, action) with a decision, the principal's residual row filter and the
 * transform of each column, and evaluates those against rows with SQL's three-valued logic.
 */
package dev.passport.model.evaluation;
