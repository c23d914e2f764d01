package sh.kaito.operator.common;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSRF guard on tuning data URLs (kaito.md §2.1 rule 47). */
class DataSourceUrlGuardTest {
  private static final String INTERNAL =
      "data source URL must not target a loopback, private, or link-local address";
  private static final String LOCAL =
      "data source URL must not target a local or metadata endpoint";
  private static final String SCHEME = "data source URL must use HTTP or HTTPS";
  private static final String INVALID = "invalid data source URL";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://huggingface.co/datasets/philschmid/dolly-15k-oai-style/resolve/main/data/train.parquet?download=true",
        "http://example.com/data.jsonl",
        "HTTPS://Example.COM/data.jsonl",
        "https://example.com:8443/data.jsonl",
        "http://8.8.8.8/data.jsonl",
        "http://172.32.0.1/data.jsonl",
        "http://172.15.255.255/data.jsonl",
        "http://192.169.0.1/data.jsonl",
        "http://11.0.0.1/data.jsonl",
        "http://100.128.0.1/data.jsonl",
        "https://[2001:4860:4860::8888]/data.jsonl",
        "http://127.0.0.1@example.com/data.jsonl",
        "http://my_host.example.com/data.jsonl",
        "http://notlocalhost/data.jsonl",
      })
  void publicUrlsAreAccepted(String url) {
    assertThat(DataSourceUrlGuard.check(url)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/data",
        "http://127.255.255.254/data",
        "http://[::1]/data",
        "http://[0:0:0:0:0:0:0:1]:8080/data",
        "http://[::ffff:127.0.0.1]/data",
      })
  void loopbackAddressesAreRefused(String url) {
    assertThat(DataSourceUrlGuard.check(url)).contains(INTERNAL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://10.0.0.1/data",
        "http://10.255.255.255/data",
        "http://172.16.0.1/data",
        "http://172.31.255.255/data",
        "http://192.168.1.10/data",
        "http://[fc00::1]/data",
        "http://[fd12:3456:789a::1]/data",
        "http://100.64.0.1/data",
      })
  void privateAddressesAreRefused(String url) {
    assertThat(DataSourceUrlGuard.check(url)).contains(INTERNAL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.0.1/data",
        "http://[fe80::1]/data",
        "http://[fe80::1%25eth0]/data",
        "http://[::ffff:a9fe:a9fe]/data",
      })
  void linkLocalAddressesAreRefused(String url) {
    assertThat(DataSourceUrlGuard.check(url)).contains(INTERNAL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://0.0.0.0/data", "http://0/data", "http://[::]/data", "http://0.1.2.3/"})
  void unspecifiedAddressesAreRefused(String url) {
    assertThat(DataSourceUrlGuard.check(url)).contains(INTERNAL);
  }

  @Test
  void multicastAddressIsRefused() {
    assertThat(DataSourceUrlGuard.check("http://224.0.0.1/data")).contains(INTERNAL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://2130706433/data",
        "http://0x7f000001/data",
        "http://0x7f.1/data",
        "http://0177.0.0.1/data",
        "http://0177.1/data",
        "http://127.1/data",
        "http://127.0.1/data",
        "http://2852039166/latest/meta-data/",
        "http://0xa9.0xfe.0xa9.0xfe/",
        "http://012.0.0.1/",
      })
  void numericFormsOfInternalAddressesAreRefused(String url) {
    assertThat(DataSourceUrlGuard.check(url)).contains(INTERNAL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost/data",
        "http://LOCALHOST:8080/data",
        "http://localhost./data",
        "http://x.localhost/data",
        "http://api.internal.localhost/data",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://metadata.google/computeMetadata/v1/",
        "http://instance-data.ec2.internal/latest/",
      })
  void localAndMetadataHostNamesAreRefused(String url) {
    assertThat(DataSourceUrlGuard.check(url)).contains(LOCAL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://user@127.0.0.1/data",
        "http://user:password@10.0.0.1/data",
        "http://example.com:80@169.254.169.254/",
      })
  void userinfoDoesNotHideTheRealHost(String url) {
    assertThat(DataSourceUrlGuard.check(url)).contains(INTERNAL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://example.com/data", "gopher://example.com/", "s3://bucket.example.com/key"})
  void nonHttpSchemesAreRefused(String url) {
    assertThat(DataSourceUrlGuard.check(url)).contains(SCHEME);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http:///data",
        "file:///etc/passwd",
        "/relative/path",
        "example.com/data",
        "http://exa mple.com/",
        "",
      })
  void urlsWithoutAHostAreInvalid(String url) {
    assertThat(DataSourceUrlGuard.check(url)).contains(INVALID);
  }

  @Test
  void nullIsInvalid() {
    assertThat(DataSourceUrlGuard.check(null)).contains(INVALID);
  }

  @Test
  void inetAtonReadsEveryNumericForm() {
    assertThat(DataSourceUrlGuard.parseInetAton("2130706433")).containsExactly(127, 0, 0, 1);
    assertThat(DataSourceUrlGuard.parseInetAton("0x7f000001")).containsExactly(127, 0, 0, 1);
    assertThat(DataSourceUrlGuard.parseInetAton("0177.0.0.1")).containsExactly(127, 0, 0, 1);
    assertThat(DataSourceUrlGuard.parseInetAton("127.1")).containsExactly(127, 0, 0, 1);
    assertThat(DataSourceUrlGuard.parseInetAton("10.1.258")).containsExactly(10, 1, 1, 2);
    assertThat(DataSourceUrlGuard.parseInetAton("8.8.8.8")).containsExactly(8, 8, 8, 8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"256.0.0.1", "1.2.3.4.5", "4294967296", "08.0.0.1", "1..2", "example", ""})
  void inetAtonRejectsWhatIsNotAnAddress(String host) {
    assertThat(DataSourceUrlGuard.parseInetAton(host)).isNull();
  }

  @Test
  void hostNamesAreNeverResolved() throws Exception {
    assertThat(DataSourceUrlGuard.literalAddress("example.com")).isEmpty();
    assertThat(DataSourceUrlGuard.literalAddress("::1")).contains(InetAddress.getByName("::1"));
  }
}
