/**
 * The Auth Service: accounts ({@code /api/users}), sign-in sessions ({@code /api/sessions}) with Argon2id
 * password hashes (BouncyCastle) and hashed bearer tokens in the database, and sign-in throttling.
 */
package org.parley.identity.internal;
