package org.accord.stix.pattern;

/** A parsed STIX pattern. Placeholder contract: the full implementation replaces this type. */
public interface Pattern {}
