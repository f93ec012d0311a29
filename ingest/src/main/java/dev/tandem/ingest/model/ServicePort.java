package dev.tandem.ingest.model;

/**
 * A port of a Service: its name, port, protocol and the target port as written (number or name).
 */
public record ServicePort(String name, int port, String protocol, String targetPort) {}
