/**
 * Kubelet behaviour shared by everything in this project that plays the kubelet toward containers: the embedded
 * ECI (the kubelet inside each container group) and the VM agent's Pod supervisor. The JDK only.
 */
package dev.ecivk.kubelet;
