package org.accord.store;

import org.accord.stix.StixObject;

/** An object version as stored: the object itself and its manifest entry. */
public record StoredObject(StixObject object, ManifestEntry entry) {}
