package dev.tandem.scenario;

/**
 * Connections the kernel saw in one flush interval between two peers on one port, before Calico
 * splits them into the records each node reports.
 *
 * @param intervalStart the interval's start, epoch seconds
 * @param source who opened the connections
 * @param destination who received them
 * @param port the destination port
 * @param protocol {@code tcp} or {@code udp}
 * @param service the Service the source dialled, or null
 * @param sourceProcess the process that opened them (Calico's process info)
 * @param destinationProcess the process that accepted them
 * @param denial where a policy denied them, or null when allowed
 * @param connections connections started (and completed) in the interval
 * @param requestBytes bytes from source to destination
 * @param responseBytes bytes back
 */
record KernelFlow(
        long intervalStart,
        Peer source,
        Peer destination,
        int port,
        String protocol,
        Service service,
        String sourceProcess,
        String destinationProcess,
        Denial denial,
        long connections,
        long requestBytes,
        long responseBytes) {}
