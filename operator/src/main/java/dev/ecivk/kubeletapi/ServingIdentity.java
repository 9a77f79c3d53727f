package dev.ecivk.kubeletapi;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The kubelet API's serving key and certificate chain: read from PEM files or generated self-signed at start. */
public record ServingIdentity(PrivateKey key, List<X509Certificate> chain) {

    public ServingIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a serving identity needs a certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Reads a PEM certificate chain and its PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC). */
    public static ServingIdentity fromPem(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = readCertificates(certificateFile);
        if (chain.isEmpty()) {
            throw new IOException("no certificate in " + certificateFile);
        }
        try (Reader key = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII)) {
            return new ServingIdentity(readPrivateKey(key, keyFile.toString()), chain);
        }
    }

    /** The same from PEM text (e.g. a Secret's {@code tls.crt} and {@code tls.key}). */
    public static ServingIdentity fromPem(String certificatePem, String keyPem) throws IOException {
        List<X509Certificate> chain = readCertificates(new java.io.StringReader(certificatePem), "the PEM text");
        if (chain.isEmpty()) {
            throw new IOException("no certificate in the PEM text");
        }
        return new ServingIdentity(readPrivateKey(new java.io.StringReader(keyPem), "the PEM text"), chain);
    }

    /** The certificate chain as PEM text. */
    public String certificatePem() {
        return pem(chain.toArray());
    }

    /** The private key as PEM text (PKCS#8). Secret: store it only where the serving identity itself is kept. */
    public String keyPem() {
        try {
            return pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode the private key", e);
        }
    }

    private static String pem(Object... objects) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer =
                new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM", e);
        }
        return out.toString();
    }

    /**
     * A self-signed ECDSA P-256 certificate valid for a year, for the node's name and addresses: the apiserver then
     * connects (it does not verify kubelet serving certificates unless told to), and clients that pin it can.
     */
    public static ServingIdentity selfSigned(String nodeName, List<String> subjectAltNames, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keyPair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + nodeName.replaceAll("[,=+<>#;\"\\\\]", "-") + "@ecivk");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(63, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    subject,
                    keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(subjectAltNames));
            X509CertificateHolder holder =
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new ServingIdentity(keyPair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the kubelet serving certificate", e);
        }
    }

    /** The node's InternalIP, its name and the local host name, without duplicates or blanks. */
    public static List<String> defaultSubjectAltNames(String nodeName, String nodeIp) {
        Set<String> names = new LinkedHashSet<>();
        if (nodeIp != null && !nodeIp.isBlank()) {
            names.add(nodeIp);
        }
        names.add(nodeName);
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // the host name is a convenience; the node name and IP are what the apiserver uses
        }
        names.add("localhost");
        names.add("127.0.0.1");
        return new ArrayList<>(names);
    }

    /** Every certificate in a PEM file. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return readCertificates(reader, file.toString());
        }
    }

    private static List<X509Certificate> readCertificates(Reader reader, String source) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable certificate in " + source, e);
        }
        return certificates;
    }

    private static PrivateKey readPrivateKey(Reader reader, String source) throws IOException {
        try (PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        }
        throw new IOException("no unencrypted private key in " + source);
    }

    private static GeneralNames subjectAltNames(List<String> names) {
        List<GeneralName> entries = new ArrayList<>();
        for (String name : names) {
            boolean ip = name.matches("[0-9.]+") || name.contains(":");
            entries.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(entries.toArray(GeneralName[]::new));
    }
}
