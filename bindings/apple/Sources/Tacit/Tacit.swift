// A thin Swift wrapper over tacit's C API (module CTacit, sdk/include/tacit/tacit.h).
// Not compiled on the machine that wrote it (no Swift toolchain there): see ../../README.md.
//
// Contracts: every failure throws TacitError carrying the C status; keys are Data, never String, and the
// SDK copies them into locked memory (wipe your copy after open); a Tacit may be used from several
// threads (the SDK serialises calls), but close() must not race other calls.
import CTacit
import Foundation

/// A failed tacit call: `status` is the C `tacit_status`, `name` its symbolic name ("TACIT_ERR_KEY").
public struct TacitError: Error, CustomStringConvertible {
    public let status: Int32
    public let name: String
    public let message: String
    public var description: String { "\(name): \(message)" }
}

@inline(__always)
private func check(_ status: tacit_status) throws {
    guard status != TACIT_OK else { return }
    let message = String(cString: tacit_last_error())  // read before any other tacit call
    throw TacitError(status: status, name: String(cString: tacit_status_name(status)), message: message)
}

/// Runs body with a NUL-terminated C array view of strings (nil when empty), valid only inside body.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> R) rethrows -> R {
    if strings.isEmpty { return try body(nil) }
    let copies: [UnsafePointer<CChar>?] = strings.map { UnsafePointer(strdup($0)) }
    defer { for p in copies { free(UnsafeMutablePointer(mutating: p)) } }
    return try copies.withUnsafeBufferPointer { try body($0.baseAddress) }
}

private func withBytes<R>(_ data: Data, _ body: (UnsafePointer<UInt8>?, Int) throws -> R) rethrows -> R {
    try data.withUnsafeBytes { raw in try body(raw.bindMemory(to: UInt8.self).baseAddress, raw.count) }
}

public struct Reason {
    public enum Kind: Int32 { case declared = 1, inferred, popular, exploring, fresh, similar, unknown = 0 }
    public let kind: Kind
    public let refID: String
    public let refIsItem: Bool
    public let contribution: Double
    /// "Because you said you like hiking"
    public let text: String
    /// "You said you like hiking."
    public let spoken: String
}

public struct RankedItem {
    public let itemID: String
    public let title: String
    public let score: Double
    /// Strongest first; at least one.
    public let reasons: [Reason]
}

public struct Interest {
    public let topicID: String
    public let weight: Double
    public let declaredAtMs: Int64
}

public struct Event {
    public enum Kind: Int32 { case view = 1, open, complete, like, share, dismiss, conversion, skip }
    public var kind: Kind
    public var itemID: String
    public var topicIDs: [String]
    public var timestampMs: Int64
    public var value: Double
    public init(_ kind: Kind, itemID: String, topicIDs: [String] = [], timestampMs: Int64, value: Double = 1.0) {
        self.kind = kind
        self.itemID = itemID
        self.topicIDs = topicIDs
        self.timestampMs = timestampMs
        self.value = value
    }
}

public struct OutgoingReport {
    /// The sealed report: what the host sends.
    public let bytes: Data
    /// 16 bytes; pass to `outboxAck` once sent.
    public let reportID: Data
    public let metricID: String
    public let period: UInt64
    public let epsilon: Double
}

public enum Purpose: Int32 { case personalization = 1, measurement = 2 }
public enum ConsentState: Int32 { case unknown = 0, given = 1, revoked = 2 }
public enum Surface: Int32 { case feed = 1, voice = 2, notification = 3 }

public final class Tacit {
    private var handle: OpaquePointer?

    public static var version: String { String(cString: tacit_version()) }

    /// Opens (creating if needed) the profile in `path` with a 32-byte key from the Keychain.
    public init(path: String, key: Data, brandKeys: [Data] = [], brandID: String? = nil,
                durability: Int32 = Int32(TACIT_DURABILITY_PROCESS_CRASH)) throws {
        guard let options = tacit_options_new() else {
            throw TacitError(status: TACIT_ERR_NO_MEMORY, name: "TACIT_ERR_NO_MEMORY", message: "tacit_options_new")
        }
        defer { tacit_options_free(options) }  // wipes the key copy held by the options
        try check(tacit_options_set_path(options, path))
        try withBytes(key) { try check(tacit_options_set_key(options, $0, $1)) }
        for brandKey in brandKeys {
            try withBytes(brandKey) { try check(tacit_options_add_brand_key(options, $0, $1)) }
        }
        if let brandID = brandID { try check(tacit_options_set_brand_id(options, brandID)) }
        try check(tacit_options_set_durability(options, durability))
        var out: OpaquePointer?
        try check(tacit_open(options, &out))
        handle = out
    }

    deinit { tacit_close(handle) }

    /// Closes now (deinit also closes). Later calls throw TACIT_ERR_INVALID_ARGUMENT.
    public func close() {
        tacit_close(handle)
        handle = nil
    }

    public func rekey(_ newKey: Data) throws {
        try withBytes(newKey) { try check(tacit_rekey(handle, $0, $1)) }
    }

    /// Checks every page's HMAC and every b-tree of the profile file (open checks a bounded share).
    public func checkIntegrity() throws { try check(tacit_check_integrity(handle)) }

    /// Deletes the profile; also delete the key from the Keychain (crypto-shredding).
    public func eraseAll() throws { try check(tacit_erase_all(handle)) }

    // MARK: events and interests

    public func record(_ events: [Event]) throws {
        // Keep every C string alive until tacit_record_events returns.
        var cItems: [UnsafeMutablePointer<CChar>?] = []
        var cTopics: [[UnsafePointer<CChar>?]] = []
        defer {
            for p in cItems { free(p) }
            for list in cTopics { for p in list { free(UnsafeMutablePointer(mutating: p)) } }
        }
        for e in events {
            cItems.append(strdup(e.itemID))
            cTopics.append(e.topicIDs.map { UnsafePointer(strdup($0)) })
        }
        var cEvents: [tacit_event_t] = []
        cEvents.reserveCapacity(events.count)
        // Arrays of topic pointers must stay put while cEvents points into them: pin each one.
        var pinned: [UnsafeMutableBufferPointer<UnsafePointer<CChar>?>] = []
        defer { for b in pinned { b.deallocate() } }
        for (i, e) in events.enumerated() {
            let buffer = UnsafeMutableBufferPointer<UnsafePointer<CChar>?>.allocate(capacity: max(1, cTopics[i].count))
            _ = buffer.initialize(from: cTopics[i])
            pinned.append(buffer)
            cEvents.append(tacit_event_t(struct_size: MemoryLayout<tacit_event_t>.size, type: e.kind.rawValue,
                                         item_id: UnsafePointer(cItems[i]), topic_ids: cTopics[i].isEmpty ? nil : UnsafePointer(buffer.baseAddress),
                                         topic_count: cTopics[i].count, timestamp_ms: e.timestampMs, value: e.value))
        }
        try cEvents.withUnsafeBufferPointer { try check(tacit_record_events(handle, $0.baseAddress, $0.count)) }
    }

    public func record(_ event: Event) throws { try record([event]) }

    public func eventCount() throws -> UInt64 {
        var n: UInt64 = 0
        try check(tacit_event_count(handle, &n))
        return n
    }

    public func declareInterest(_ topicID: String, weight: Double = 1.0) throws {
        try check(tacit_declare_interest(handle, topicID, weight))
    }

    public func undeclareInterest(_ topicID: String) throws { try check(tacit_undeclare_interest(handle, topicID)) }

    public func interests() throws -> [Interest] {
        var list: OpaquePointer?
        try check(tacit_interests_read(handle, &list))
        defer { tacit_interest_list_free(list) }
        return (0..<tacit_interest_list_size(list)).compactMap { i in
            guard let p = tacit_interest_list_get(list, i) else { return nil }
            return Interest(topicID: String(cString: p.pointee.topic_id), weight: p.pointee.weight,
                            declaredAtMs: p.pointee.declared_at_ms)
        }
    }

    // MARK: catalog, feedback, ranking

    public func loadCatalog(_ signedCatalog: Data) throws {
        try withBytes(signedCatalog) { try check(tacit_load_catalog(handle, $0, $1)) }
    }

    public func notInterested(itemID: String) throws { try check(tacit_not_interested_item(handle, itemID)) }
    public func notInterested(topicID: String) throws { try check(tacit_not_interested_topic(handle, topicID)) }

    public func rank(k: Int = 20, surface: Surface = .feed, locale: String? = nil, candidates: [String]? = nil,
                     seed: UInt64 = 0, exploration: Double = 0.1, frequencyCap: UInt32 = 3) throws -> [RankedItem] {
        var request = tacit_rank_request_t()
        tacit_rank_request_init(&request)
        request.k = k
        request.surface = surface.rawValue
        request.seed = seed
        request.exploration = exploration
        request.frequency_cap = frequencyCap
        let run = { (ids: UnsafePointer<UnsafePointer<CChar>?>?) throws -> [RankedItem] in
            var req = request
            if let candidates = candidates {
                req.candidate_ids = ids
                req.candidate_count = candidates.count
            }
            var ranking: OpaquePointer?
            try check(tacit_rank(self.handle, &req, &ranking))
            defer { tacit_ranking_free(ranking) }
            return Tacit.items(ranking)
        }
        return try withCStrings(candidates ?? []) { ids in
            if let locale = locale {
                return try locale.withCString { l in
                    request.locale = l
                    return try run(ids)
                }
            }
            return try run(ids)
        }
    }

    /// Why one item would be shown; TACIT_ERR_NOT_FOUND for an unknown or hidden item.
    public func explain(itemID: String) throws -> RankedItem {
        var ranking: OpaquePointer?
        try check(tacit_explain(handle, itemID, &ranking))
        defer { tacit_ranking_free(ranking) }
        guard let item = Tacit.items(ranking).first else {
            throw TacitError(status: TACIT_ERR_INTERNAL, name: "TACIT_ERR_INTERNAL", message: "empty explanation")
        }
        return item
    }

    private static func items(_ ranking: OpaquePointer?) -> [RankedItem] {
        (0..<tacit_ranking_size(ranking)).compactMap { i in
            guard let p = tacit_ranking_get(ranking, i) else { return nil }
            let item = p.pointee
            let reasons = (0..<item.reason_count).compactMap { j -> Reason? in
                guard let r = tacit_ranking_reason(ranking, i, j)?.pointee else { return nil }
                return Reason(kind: Reason.Kind(rawValue: r.kind) ?? .unknown, refID: String(cString: r.ref_id),
                              refIsItem: r.ref_is_item != 0, contribution: r.contribution,
                              text: String(cString: r.text), spoken: String(cString: r.spoken))
            }
            return RankedItem(itemID: String(cString: item.item_id), title: String(cString: item.title),
                              score: item.score, reasons: reasons)
        }
    }

    // MARK: consent and the outbox

    public func setConsent(_ purpose: Purpose, _ state: ConsentState, policyVersion: String) throws {
        try check(tacit_consent_set(handle, purpose.rawValue, state.rawValue, policyVersion))
    }

    public func consent(_ purpose: Purpose) throws -> ConsentState {
        var state: Int32 = 0
        try check(tacit_consent_get(handle, purpose.rawValue, &state))
        return ConsentState(rawValue: state) ?? .unknown
    }

    public func setConsent(tcString: String, vendorID: UInt16) throws {
        try check(tacit_consent_set_tcf(handle, tcString, vendorID))
    }

    /// Makes the reports that are due; returns how many were queued.
    @discardableResult
    public func prepareReports() throws -> Int {
        var made = 0
        try check(tacit_reports_prepare(handle, &made))
        return made
    }

    /// The oldest queued report, or nil when the outbox is empty.
    public func outboxNext() throws -> OutgoingReport? {
        var report: UnsafeMutablePointer<tacit_outgoing_report_t>?
        let status = tacit_outbox_next(handle, &report)
        if status == TACIT_ERR_NOT_FOUND { return nil }
        try check(status)
        guard let r = report else { return nil }
        defer { tacit_outgoing_report_free(r) }
        let id = withUnsafeBytes(of: r.pointee.report_id) { Data($0) }
        return OutgoingReport(bytes: Data(bytes: r.pointee.bytes, count: r.pointee.len), reportID: id,
                              metricID: String(cString: r.pointee.metric_id), period: r.pointee.period,
                              epsilon: r.pointee.epsilon)
    }

    public func outboxAck(_ reportID: Data) throws {
        try withBytes(reportID) { try check(tacit_outbox_ack(handle, $0, $1)) }
    }

    public func outboxSize() throws -> Int {
        var n = 0
        try check(tacit_outbox_size(handle, &n))
        return n
    }

    // MARK: the user's controls

    public func exportJSON() throws -> String {
        try json { tacit_export_json(handle, $0, $1) }
    }

    public func reportsPreviewJSON() throws -> String {
        try json { tacit_reports_preview_json(handle, $0, $1) }
    }

    private func json(_ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, UnsafeMutablePointer<Int>) -> tacit_status) throws -> String {
        var text: UnsafeMutablePointer<CChar>?
        var len = 0
        try check(call(&text, &len))
        defer { tacit_free(text) }
        return String(cString: text!)
    }

    public func forgetInferred(_ topicID: String) throws { try check(tacit_forget_inferred(handle, topicID)) }
    public func forgetTopicBehaviour(_ topicID: String) throws { try check(tacit_forget_topic_behaviour(handle, topicID)) }
    public func setPaused(_ paused: Bool) throws { try check(tacit_set_paused(handle, paused ? 1 : 0)) }
}
