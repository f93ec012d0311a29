package dev.tandem.scenario;

/** A worker node: its name (Calico's host endpoint and the kubelet's source) and address. */
record Node(String name, String ip) {}
