package org.accord.store;

import java.time.Instant;

/**
 * One object version in a collection (TAXII 2.1 §5.6 manifest-record).
 *
 * @param id the STIX object id
 * @param dateAdded when this version was added to the collection (microsecond precision, unique per collection)
 * @param version the version timestamp (modified, else created, else the date added)
 * @param mediaType the version's media type
 * @param specVersion the STIX spec_version of the version, e.g. "2.1"
 */
public record ManifestEntry(
    String id, Instant dateAdded, Instant version, String mediaType, String specVersion) {}
