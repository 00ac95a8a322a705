package dev.tacit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The Java API over libtacit_jni.so, on the host JVM. Needs -Djava.library.path (the .so),
 * -Dtacit.fixture (catalog.signed and brand.pk from tacit_jni_fixture) and -Dtacit.tmp (scratch).
 */
public class TacitTest {
  private Path dir;
  private byte[] key;

  private static Path fixture(String name) {
    return Paths.get(System.getProperty("tacit.fixture"), name);
  }

  @Before
  public void setUp() throws IOException {
    Path tmp = Paths.get(System.getProperty("tacit.tmp", System.getProperty("java.io.tmpdir")));
    Files.createDirectories(tmp);
    dir = Files.createTempDirectory(tmp, "jni-").resolve("profile");
    key = new byte[32];
    Arrays.fill(key, (byte) 7);
  }

  @After
  public void tearDown() throws IOException {
    File parent = dir.getParent().toFile();
    deleteTree(parent);
  }

  private static void deleteTree(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) deleteTree(c);
    }
    f.delete();
  }

  private Tacit.Options.Builder options() throws IOException {
    return Tacit.Options.builder().path(dir.toString()).key(key).brandKey(Files.readAllBytes(fixture("brand.pk")))
        .brandId("test-brand");
  }

  private Tacit openWithCatalog() throws IOException {
    Tacit t;
    try (Tacit.Options o = options().build()) {
      t = Tacit.open(o);
    }
    t.loadCatalog(Files.readAllBytes(fixture("catalog.signed")));
    return t;
  }

  // Every TacitException a test provokes is also checked for the message contract.
  private static TacitException expectTacitException(Runnable r) {
    try {
      r.run();
    } catch (TacitException e) {
      assertMessageAlone(e);
      return e;
    }
    fail("expected a TacitException");
    return null;
  }

  // getMessage() is the explanation alone; toString() adds the status name, once.
  private static void assertMessageAlone(TacitException e) {
    String m = e.getMessage();
    assertNotNull(e.statusName(), m);
    assertFalse(e.statusName() + " has an empty message", m.isEmpty());
    assertFalse("message repeats the status name: " + m, m.startsWith(e.statusName()) || m.startsWith("TACIT_"));
    assertEquals("dev.tacit.TacitException: " + e.statusName() + ": " + m, e.toString());
  }

  @Test
  public void versionMatchesTheHeader() {
    assertEquals("0.5.0", Tacit.version());
  }

  @Test
  public void openCloseAndReopen() throws IOException {
    try (Tacit.Options o = options().build(); Tacit t = Tacit.open(o)) {
      assertEquals(0, t.eventCount());
      t.close();
      t.close();  // idempotent
      TacitException e = expectTacitException(t::eventCount);
      assertEquals(TacitException.ERR_CLOSED, e.status());
    }
    try (Tacit.Options o = options().build(); Tacit t = Tacit.open(o)) {
      assertEquals(0, t.eventCount());
    }
  }

  @Test
  public void optionsCloseWipesTheKeyCopy() {
    Tacit.Options o = Tacit.Options.builder().path(dir.toString()).key(key).build();
    byte[] held = o.key;
    assertArrayEquals(key, held);
    assertFalse(held == key);  // the builder copied it
    o.close();
    assertArrayEquals(new byte[32], held);
  }

  @Test
  public void wrongKeyLengthIsKeyLength() {
    for (int len : new int[] {0, 16, 31, 33, 64}) {
      Tacit.Options o = Tacit.Options.builder().path(dir.toString()).key(new byte[len]).build();
      TacitException e = expectTacitException(() -> Tacit.open(o));
      assertEquals("length " + len, TacitException.ERR_KEY_LENGTH, e.status());
      assertEquals("TACIT_ERR_KEY_LENGTH", e.statusName());
    }
    assertFalse("no profile is created", dir.toFile().exists());
  }

  @Test
  public void wrongKeyIsKey() throws IOException {
    try (Tacit.Options o = options().build(); Tacit t = Tacit.open(o)) {
      t.declareInterest("hiking", 1.0);
    }
    byte[] other = new byte[32];
    Arrays.fill(other, (byte) 8);
    Tacit.Options o = Tacit.Options.builder().path(dir.toString()).key(other).build();
    TacitException e = expectTacitException(() -> Tacit.open(o));
    assertEquals(TacitException.ERR_KEY, e.status());
    assertEquals("TACIT_ERR_KEY", e.statusName());
  }

  @Test
  public void checkIntegrityPassesASoundProfileAndNamesDamage() throws IOException {
    try (Tacit.Options o = options().build(); Tacit t = Tacit.open(o)) {
      t.declareInterest("hiking", 1.0);
      t.checkIntegrity();
    }
    // A flipped byte in the last page: open's window covers this small file, so open itself finds it.
    java.nio.file.Path db = dir.resolve("profile.db");
    byte[] bytes = java.nio.file.Files.readAllBytes(db);
    bytes[bytes.length - 100] ^= 1;
    java.nio.file.Files.write(db, bytes);
    try (Tacit.Options o = options().build()) {
      TacitException e = expectTacitException(() -> Tacit.open(o));
      assertEquals(TacitException.ERR_CORRUPT, e.status());
    }
  }

  @Test
  public void messagesAreTheExplanationWithoutTheStatusName() throws IOException {
    // From the SDK (tacit_last_error), from the JNI glue, and from the Java side.
    TacitException sdk = expectTacitException(
        () -> Tacit.open(Tacit.Options.builder().path(dir.toString()).key(new byte[16]).build()));
    assertEquals("TACIT_ERR_KEY_LENGTH", sdk.statusName());
    assertFalse(sdk.getMessage(), sdk.getMessage().contains("TACIT_ERR_KEY_LENGTH"));
    try (Tacit.Options o = options().build(); Tacit t = Tacit.open(o)) {
      TacitException glue = expectTacitException(() -> t.declareInterest("a\u0000b", 1.0));
      assertEquals("a string contains U+0000", glue.getMessage());
      t.eraseAll();
      TacitException erased = expectTacitException(t::eventCount);
      assertEquals(TacitException.ERR_CLOSED, erased.status());
      assertFalse(erased.getMessage(), erased.getMessage().contains("TACIT_ERR_CLOSED"));
      t.close();
      TacitException closed = expectTacitException(t::eventCount);
      assertEquals("TACIT_ERR_CLOSED", closed.statusName());
      assertEquals("dev.tacit.TacitException: TACIT_ERR_CLOSED: this Tacit is closed", closed.toString());
    }
  }

  @Test
  public void loadsTheSignedCatalog() throws IOException {
    try (Tacit t = openWithCatalog()) {
      CatalogInfo info = t.catalogInfo();
      assertEquals(5, info.itemCount);
      assertEquals(4, info.topicCount);
      assertEquals(0, info.metricCount);  // metrics come from a measurement plan; none was given
    }
  }

  @Test
  public void catalogTopicsReadBackWithLabelsParentsAndSensitivity() throws IOException {
    try (Tacit t = openWithCatalog()) {
      List<CatalogTopic> topics = t.catalogTopics();
      assertEquals(4, topics.size());
      CatalogTopic sport = topics.get(0);
      assertEquals("sport", sport.id());
      assertEquals("sport", sport.label());
      assertEquals("", sport.parentId());
      assertEquals(CatalogTopic.SENSITIVITY_NONE, sport.sensitivity());
      assertFalse(sport.isSensitive());
      CatalogTopic hiking = topics.get(1);
      assertEquals("hiking", hiking.id());
      assertEquals("Hiking trips", hiking.label());
      assertEquals("sport", hiking.parentId());
      assertFalse(hiking.isSensitive());
      assertEquals("cooking", topics.get(2).id());
      CatalogTopic health = topics.get(3);
      assertEquals("health", health.id());
      assertEquals("", health.parentId());
      assertEquals(CatalogTopic.SENSITIVITY_HEALTH, health.sensitivity());
      assertTrue(health.isSensitive());
      try {
        topics.remove(0);
        fail("the list is unmodifiable");
      } catch (UnsupportedOperationException expected) {
        // as documented
      }
    }
  }

  @Test
  public void catalogItemsReadBackWithTheirFieldsAndPage() throws IOException {
    final long now = Long.parseLong(new String(Files.readAllBytes(fixture("now.txt"))).trim());
    try (Tacit t = openWithCatalog()) {
      List<CatalogItem> all = t.catalogItems(0, 0);
      assertEquals(5, all.size());
      String[] ids = new String[all.size()];
      for (int i = 0; i < ids.length; i++) ids[i] = all.get(i).id();
      assertArrayEquals(new String[] {"trail-1", "trail-2", "match-1", "recipe-1", "recipe-2"}, ids);

      CatalogItem trail = all.get(0);
      assertEquals("Ridge trail", trail.title());
      assertArrayEquals(new String[] {"hiking", "sport"}, trail.topicIds());
      assertArrayEquals(new double[] {1.0, 0.5}, trail.topicWeights(), 1e-6);
      assertEquals("summer", trail.campaignId());
      assertEquals(now - 2 * 86_400_000L, trail.publishedAtMs());
      assertEquals("en-GB", trail.locale());
      trail.topicIds()[0] = "changed";
      assertEquals("hiking", trail.topicIds()[0]);  // a copy each time

      CatalogItem plain = all.get(1);
      assertEquals("Title of trail-2", plain.title());
      assertArrayEquals(new String[] {"hiking"}, plain.topicIds());
      assertArrayEquals(new double[] {0.8}, plain.topicWeights(), 1e-6);
      assertEquals("", plain.campaignId());
      assertEquals("", plain.locale());

      List<CatalogItem> page = t.catalogItems(2, 2);
      assertEquals(2, page.size());
      assertEquals("match-1", page.get(0).id());
      assertEquals("recipe-1", page.get(1).id());
      List<CatalogItem> tail = t.catalogItems(4, 10);
      assertEquals(1, tail.size());
      assertEquals("recipe-2", tail.get(0).id());
      assertEquals(2, t.catalogItems(3, 0).size());
      assertTrue(t.catalogItems(5, 0).isEmpty());
      assertTrue(t.catalogItems(99, 1).isEmpty());
      assertTrue(t.catalogItems(Long.MAX_VALUE, 0).isEmpty());
      assertEquals(TacitException.ERR_INVALID_ARGUMENT, expectTacitException(() -> t.catalogItems(-1, 0)).status());
      assertEquals(TacitException.ERR_INVALID_ARGUMENT, expectTacitException(() -> t.catalogItems(0, -1)).status());
      try {
        all.clear();
        fail("the list is unmodifiable");
      } catch (UnsupportedOperationException expected) {
        // as documented
      }
    }
  }

  @Test
  public void catalogTopicsAndItemsNeedACatalogAndAnOpenTacit() throws IOException {
    Tacit t;
    try (Tacit.Options o = options().build()) {
      t = Tacit.open(o);
    }
    try {
      assertEquals(TacitException.ERR_NO_CATALOG, expectTacitException(t::catalogTopics).status());
      assertEquals(TacitException.ERR_NO_CATALOG, expectTacitException(() -> t.catalogItems(0, 0)).status());
      t.loadCatalog(Files.readAllBytes(fixture("catalog.signed")));
      assertEquals(4, t.catalogTopics().size());
    } finally {
      t.close();
    }
    assertEquals(TacitException.ERR_CLOSED, expectTacitException(t::catalogTopics).status());
    assertEquals(TacitException.ERR_CLOSED, expectTacitException(() -> t.catalogItems(0, 0)).status());
    // Erased but not yet closed: the SDK itself reports ERR_CLOSED.
    try (Tacit erased = openWithCatalog()) {
      erased.eraseAll();
      assertEquals(TacitException.ERR_CLOSED, expectTacitException(erased::catalogTopics).status());
      assertEquals(TacitException.ERR_CLOSED, expectTacitException(() -> erased.catalogItems(0, 0)).status());
    }
  }

  @Test
  public void aTamperedCatalogIsRefusedAndNothingChanges() throws IOException {
    try (Tacit.Options o = options().build(); Tacit t = Tacit.open(o)) {
      byte[] cat = Files.readAllBytes(fixture("catalog.signed"));
      cat[cat.length - 1] ^= 1;
      TacitException e = expectTacitException(() -> t.loadCatalog(cat));
      assertTrue(e.statusName(), e.status() == TacitException.ERR_CATALOG_BAD_SIGNATURE
          || e.status() == TacitException.ERR_CATALOG_MALFORMED);
      assertEquals(TacitException.ERR_NO_CATALOG, expectTacitException(t::catalogInfo).status());
    }
  }

  @Test
  public void declaredInterestsRoundTripUtf8() throws IOException {
    String outside = "caf\u00e9-\uD83E\uDD7E";  // é and U+1F97E (hiking boot): outside the BMP
    try (Tacit.Options o = options().build(); Tacit t = Tacit.open(o)) {
      t.declareInterest("hiking", 1.0);
      t.declareInterest(outside, 0.5);
      List<Interest> in = t.interests();
      assertEquals(2, in.size());
      boolean found = false;
      for (Interest i : in) {
        if (i.topicId().equals(outside)) {
          found = true;
          assertEquals(0.5, i.weight(), 1e-9);
        }
      }
      assertTrue("the non-BMP id comes back unchanged", found);
      t.undeclareInterest(outside);
      assertEquals(1, t.interests().size());
      assertEquals(TacitException.ERR_NOT_FOUND, expectTacitException(() -> t.undeclareInterest(outside)).status());
      assertEquals(TacitException.ERR_INVALID_ARGUMENT,
          expectTacitException(() -> t.declareInterest("a\u0000b", 1.0)).status());
    }
  }

  @Test
  public void recordsEventsAtomically() throws IOException {
    long now = System.currentTimeMillis();
    try (Tacit t = openWithCatalog()) {
      t.recordEvent(new Event(Event.Type.OPEN, "trail-1", now).withTopics("hiking"));
      t.recordEvents(Arrays.asList(new Event(Event.Type.COMPLETE, "trail-1", now),
          new Event(Event.Type.LIKE, "trail-2", now).withTopics("hiking")));
      assertEquals(3, t.eventCount());
      // One bad event (timestamp before 2000) rejects the whole batch.
      TacitException e = expectTacitException(() -> t.recordEvents(Arrays.asList(
          new Event(Event.Type.VIEW, "trail-1", now), new Event(Event.Type.VIEW, "trail-2", 1000))));
      assertEquals(TacitException.ERR_INVALID_ARGUMENT, e.status());
      assertEquals(3, t.eventCount());
    }
  }

  @Test
  public void ranksWithReasonsAndHonoursNotInterested() throws IOException {
    try (Tacit t = openWithCatalog()) {
      t.declareInterest("hiking", 1.0);
      List<RankedItem> feed = t.rank(new RankRequest().k(5).seed(42).exploration(0));
      assertEquals(5, feed.size());
      RankedItem top = feed.get(0);
      assertTrue(top.itemId(), top.itemId().startsWith("trail-"));
      assertFalse(top.reasons().isEmpty());
      Reason r = top.reasons().get(0);
      assertEquals(Reason.Kind.DECLARED, r.kind());
      assertEquals("hiking", r.refId());
      assertFalse(r.text().isEmpty());
      assertFalse(r.spoken().isEmpty());
      for (int i = 1; i < feed.size(); i++) {
        assertTrue(feed.get(i - 1).score() >= feed.get(i).score());
      }

      RankedItem why = t.explain(top.itemId());
      assertEquals(top.itemId(), why.itemId());
      assertFalse(why.reasons().isEmpty());

      t.notInterestedItem(top.itemId());
      for (RankedItem item : t.rank(new RankRequest().k(5).seed(42))) {
        assertFalse(item.itemId().equals(top.itemId()));
      }
      assertEquals(TacitException.ERR_NOT_FOUND, expectTacitException(() -> t.explain(top.itemId())).status());
      assertEquals(TacitException.ERR_NOT_FOUND, expectTacitException(() -> t.explain("no-such-item")).status());

      List<RankedItem> two = t.rank(new RankRequest().k(2).candidates("recipe-1", "match-1"));
      assertEquals(2, two.size());
      assertEquals(TacitException.ERR_INVALID_ARGUMENT,
          expectTacitException(() -> t.rank(new RankRequest().k(0))).status());
    }
  }

  @Test
  public void rankWithoutCatalogIsNoCatalog() throws IOException {
    try (Tacit.Options o = options().build(); Tacit t = Tacit.open(o)) {
      assertEquals(TacitException.ERR_NO_CATALOG, expectTacitException(() -> t.rank(new RankRequest())).status());
    }
  }

  @Test
  public void consentIsPersisted() throws IOException {
    try (Tacit t = openWithCatalog()) {
      assertEquals(Tacit.ConsentState.UNKNOWN, t.consent(Tacit.Purpose.MEASUREMENT));
      t.setConsent(Tacit.Purpose.MEASUREMENT, Tacit.ConsentState.GIVEN, "v1");
      t.setConsent(Tacit.Purpose.PERSONALIZATION, Tacit.ConsentState.REVOKED, "v1");
    }
    try (Tacit t = openWithCatalog()) {
      assertEquals(Tacit.ConsentState.GIVEN, t.consent(Tacit.Purpose.MEASUREMENT));
      assertEquals(Tacit.ConsentState.REVOKED, t.consent(Tacit.Purpose.PERSONALIZATION));
      assertEquals(TacitException.ERR_TCF_MALFORMED,
          expectTacitException(() -> t.setConsentTcf("not a tc string", 42)).status());
      assertEquals(Tacit.ConsentState.GIVEN, t.consent(Tacit.Purpose.MEASUREMENT));
    }
  }

  @Test
  public void nothingIsReportedWithoutAMeasurementPlan() throws IOException {
    try (Tacit t = openWithCatalog()) {
      t.setConsent(Tacit.Purpose.MEASUREMENT, Tacit.ConsentState.GIVEN, "v1");
      assertEquals(TacitException.ERR_NO_PLAN, expectTacitException(() -> t.prepareReports()).status());
      assertEquals(0, t.outboxSize());
      assertNull(t.outboxNext());
      assertEquals(TacitException.ERR_NOT_FOUND, expectTacitException(() -> t.outboxAck(new byte[16])).status());
    }
  }

  @Test
  public void theMeasurementPlanGivenAtOpenIsInTheExportAndRefusedWhenForged() throws IOException {
    byte[] plan = Files.readAllBytes(fixture("plan.signed"));
    try (Tacit.Options o = options().measurementPlan(plan).epsilonBounds(2.0, 10.0).build(); Tacit t = Tacit.open(o)) {
      t.loadCatalog(Files.readAllBytes(fixture("catalog.signed")));
      String json = t.exportJson();
      assertTrue(json, json.contains("engaged-topic"));
      assertTrue(json, json.contains("\"epsilon_bound\":2"));
      t.setConsent(Tacit.Purpose.MEASUREMENT, Tacit.ConsentState.GIVEN, "v1");
      assertEquals(0, t.prepareReports());  // consent given now: no period has ended under it yet
    }
    byte[] forged = plan.clone();
    forged[forged.length - 1] ^= 1;
    try (Tacit.Options o = options().measurementPlan(forged).build()) {
      assertEquals(TacitException.ERR_PLAN_BAD_SIGNATURE, expectTacitException(() -> Tacit.open(o)).status());
    }
    try (Tacit.Options o = options().epsilonBounds(-1, 0).build()) {
      assertEquals(TacitException.ERR_INVALID_ARGUMENT, expectTacitException(() -> Tacit.open(o)).status());
    }
  }

  @Test
  public void aJavaClockDrivesTimeAndALocalDpReportIsMadeWhenItsPeriodEnds() throws IOException {
    final long[] now = {Long.parseLong(new String(Files.readAllBytes(fixture("now.txt"))).trim())};
    byte[] plan = Files.readAllBytes(fixture("plan.signed"));
    try (Tacit.Options o = options().measurementPlan(plan).clock(() -> now[0]).build(); Tacit t = Tacit.open(o)) {
      t.loadCatalog(Files.readAllBytes(fixture("catalog.signed")));
      t.setConsent(Tacit.Purpose.MEASUREMENT, Tacit.ConsentState.GIVEN, "v1");
      assertEquals(0, t.prepareReports());
      now[0] += 2 * 86_400_000L;  // two days on the Java clock: yesterday's period has ended
      assertEquals(1, t.prepareReports());
      OutgoingReport r = t.outboxNext();
      assertEquals("engaged-topic", r.metricId());
      assertEquals(OutgoingReport.TRANSPORT_LDP_REPORT, r.transport());
      assertNull(r.uploadUrl());
      assertNull(r.mediaType());
      t.outboxAck(r.reportId());
      assertEquals(0, t.outboxSize());
    }
    // A clock that throws is not fatal: the system clock is read instead.
    try (Tacit.Options o = options().clock(() -> { throw new IllegalStateException("no time"); }).build();
         Tacit t = Tacit.open(o)) {
      t.loadCatalog(Files.readAllBytes(fixture("catalog.signed")));
      assertEquals(0, t.eventCount());
    }
  }

  @Test
  public void eventsReadBackAsRecordedOldestFirst() throws IOException {
    final long now = Long.parseLong(new String(Files.readAllBytes(fixture("now.txt"))).trim());
    try (Tacit.Options o = options().clock(() -> now).build(); Tacit t = Tacit.open(o)) {
      t.recordEvent(new Event(Event.Type.LIKE, "trail-1", now - 2000).withTopics("hiking"));
      t.recordEvent(new Event(Event.Type.CONVERSION, "recipe-1", now - 1000).withValue(12.5));
      Event[] all = t.events(0, 0);
      assertEquals(2, all.length);
      assertEquals(Event.Type.LIKE.code, all[0].type());
      assertEquals("trail-1", all[0].itemId());
      assertArrayEquals(new String[] {"hiking"}, all[0].topicIds());
      assertEquals(now - 2000, all[0].timestampMs());
      assertEquals(12.5, all[1].value(), 0.0);
      assertEquals(0, all[1].topicIds().length);
      Event[] recent = t.events(now - 1500, 0);
      assertEquals(1, recent.length);
      assertEquals("recipe-1", recent[0].itemId());
      assertEquals(1, t.events(0, 1).length);
      assertEquals(TacitException.ERR_INVALID_ARGUMENT, expectTacitException(() -> t.events(0, -1)).status());
    }
  }

  @Test
  public void exportHoldsWhatTheUserDeclared() throws IOException {
    try (Tacit t = openWithCatalog()) {
      t.declareInterest("cooking", 1.0);
      t.notInterestedTopic("sport");
      String json = t.exportJson();
      assertTrue(json, json.startsWith("{"));
      assertTrue(json, json.contains("\"cooking\""));
      assertTrue(json, json.contains("\"sport\""));
      String preview = t.reportsPreviewJson();
      assertNotNull(preview);
    }
  }

  @Test
  public void eraseDeletesTheProfileAndClosesTheHandle() throws IOException {
    Tacit t = openWithCatalog();
    t.declareInterest("hiking", 1.0);
    t.eraseAll();
    assertEquals(TacitException.ERR_CLOSED, expectTacitException(t::eventCount).status());
    t.close();
    try (Tacit.Options o = options().build(); Tacit again = Tacit.open(o)) {
      assertTrue("a fresh profile", again.interests().isEmpty());
    }
  }
  // An HpkeConfigList of one config: id, X25519/HKDF-SHA256, the given AEAD, a 32-byte key.
  private static byte[] hpkeConfigList(int id, int aead) {
    byte[] b = new byte[2 + 9 + 32];
    b[1] = (byte) 41;
    b[2] = (byte) id;
    b[4] = 0x20;
    b[6] = 0x01;
    b[8] = (byte) aead;
    b[10] = 32;
    Arrays.fill(b, 11, b.length, (byte) (id + 1));
    return b;
  }

  @Test
  public void dapHpkeConfigsAreCheckedAndRotate() throws IOException {
    String task = "8BY0RzZMzxvA46_8ymhzycOB9krN-QIGYvg_RsByGec";
    try (Tacit t = openWithCatalog()) {
      assertEquals(TacitException.ERR_NOT_FOUND,
          expectTacitException(() -> t.dapConfigId(task, Tacit.DAP_ROLE_LEADER)).status());
      t.dapSetHpkeConfigs(task, Tacit.DAP_ROLE_LEADER, hpkeConfigList(7, 1), 0);
      assertEquals(7, t.dapConfigId(task, Tacit.DAP_ROLE_LEADER));
      t.dapSetHpkeConfigs(task, Tacit.DAP_ROLE_LEADER, hpkeConfigList(8, 3), 0);
      assertEquals(8, t.dapConfigId(task, Tacit.DAP_ROLE_LEADER));
      byte[] truncated = Arrays.copyOf(hpkeConfigList(9, 1), 20);
      assertEquals(TacitException.ERR_DAP_CONFIG_MALFORMED,
          expectTacitException(() -> t.dapSetHpkeConfigs(task, Tacit.DAP_ROLE_HELPER, truncated, 0)).status());
      assertEquals(TacitException.ERR_DAP_UNSUPPORTED_HPKE,
          expectTacitException(() -> t.dapSetHpkeConfigs(task, Tacit.DAP_ROLE_HELPER, hpkeConfigList(9, 0x77), 0))
              .status());
      assertEquals(TacitException.ERR_INVALID_ARGUMENT,
          expectTacitException(() -> t.dapSetHpkeConfigs("nope", Tacit.DAP_ROLE_HELPER, hpkeConfigList(9, 1), 0))
              .status());
      assertEquals(8, t.dapConfigId(task, Tacit.DAP_ROLE_LEADER));
    }
  }
}
