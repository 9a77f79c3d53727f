package dev.ecivk.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.testing.HelmChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The Dockerfile, the Jib profile and the chart describe the same image: entrypoint, user and ports. (Neither
 * image is built here: base images cannot be pulled.)
 */
class ContainerImageTest {
    private static final List<String> ENTRYPOINT = List.of(
            "java",
            "-XX:+UseSerialGC",
            "-XX:MaxRAMPercentage=45",
            "-XX:InitialRAMPercentage=45",
            "-XX:NewRatio=3",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=64m",
            "-XX:MaxMetaspaceSize=128m",
            "-XX:MaxDirectMemorySize=64m",
            "-Xss512k",
            "-jar",
            "/app/ecivk.jar");
    private static final Path DOCKERFILE = HelmChart.REPO_ROOT.resolve("operator/Dockerfile");

    private static String dockerfile() throws Exception {
        return Files.readString(DOCKERFILE);
    }

    private static String instruction(String dockerfile, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\s+(.+)$").matcher(dockerfile);
        String last = null;
        while (m.find()) {
            last = m.group(1).strip();
        }
        return last;
    }

    private static Element jibConfiguration() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder()
                .parse(HelmChart.REPO_ROOT.resolve("operator/pom.xml").toFile());
        var profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (text(profile, "id").equals("jib")) {
                return (Element) profile.getElementsByTagName("configuration").item(0);
            }
        }
        throw new AssertionError("no jib profile in operator/pom.xml");
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    @Test
    void dockerfileBuildsWithAJdkAndRunsOnAJreAsNonRoot() throws Exception {
        String dockerfile = dockerfile();

        assertThat(dockerfile).containsPattern("(?m)^FROM maven:[^ ]*temurin-17 AS build$");
        assertThat(instruction(dockerfile, "FROM")).isEqualTo("eclipse-temurin:17-jre");
        assertThat(instruction(dockerfile, "USER")).isEqualTo("65532:65532");
        assertThat(instruction(dockerfile, "ENTRYPOINT"))
                .isEqualTo("["
                        + String.join(
                                ",",
                                ENTRYPOINT.stream().map(s -> "\"" + s + "\"").toList()) + "]");
        assertThat(instruction(dockerfile, "CMD")).isEqualTo("[\"run\"]");
        assertThat(instruction(dockerfile, "EXPOSE")).isEqualTo("9090 10250");
    }

    @Test
    void jibProfileDescribesTheSameImage() throws Exception {
        Element jib = jibConfiguration();
        Element from = (Element) jib.getElementsByTagName("from").item(0);
        Element container = (Element) jib.getElementsByTagName("container").item(0);

        assertThat(text(from, "image")).isEqualTo("eclipse-temurin:17-jre");
        assertThat(text(container, "user")).isEqualTo("65532:65532");
        assertThat(List.of(text(container, "entrypoint").split(","))).isEqualTo(ENTRYPOINT);
        assertThat(text(container, "args")).isEqualTo("run");
    }
}
