/**
 * The PolicySet JSON format, Passport's public interchange format: {@link
 * dev.passport.model.json.PolicySetCodec} writes it deterministically and reads it back strictly
 * and losslessly; {@link dev.passport.model.json.PolicySetCodec#SCHEMA_RESOURCE} is its JSON
 * Schema.
 */
package dev.passport.model.json;
