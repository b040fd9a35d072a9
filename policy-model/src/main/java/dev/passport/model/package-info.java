/** The Passport policy model. */
package dev.passport.model;
