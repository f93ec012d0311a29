package dev.tandem.ingest.model;

/** The Kubernetes Service a flow was addressed to, when Calico knew it. Any part may be null. */
public record DestinationService(String namespace, String name, String portName, Integer port) {}
