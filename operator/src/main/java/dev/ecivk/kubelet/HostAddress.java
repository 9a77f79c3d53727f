package dev.ecivk.kubelet;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * This host's address as a kubelet advertises it when none is configured: the Node's InternalIP, and the address
 * the VM agent gives the controller.
 */
public final class HostAddress {
    private HostAddress() {}

    /** The first non-loopback IPv4 address of an interface that is up, else the loopback address. */
    public static String firstNonLoopback() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address
                            && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** This host's name (a Pod's name inside a cluster), or {@code unknown-host}. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
