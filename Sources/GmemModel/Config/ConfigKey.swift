/// A configuration key: its name, allowed values, default and meaning.
/// The table `ConfigKey.all` drives reading files, `--set`, and `list`.
public struct ConfigKey: Sendable {
  public enum Kind: Sendable {
    case integer(ClosedRange<Int>)
    case boolean
    case choice([String])
    /// A list of names from the given set (`--set` takes them comma-separated).
    case list([String])
    /// An object of property name to "pass" or "fail" (`--set` takes
    /// `Name:fail,Other:pass`).
    case verdicts
    /// An object of names from the given set to a reason (a string).
    case reasons([String])
  }

  /// A value of the key's kind, already checked against it.
  public enum Value: Sendable {
    case integer(Int)
    case boolean(Bool)
    case name(String)
    case names([String])
    case verdicts([ExpectedVerdict])
    case reasons([String: String])
  }

  public let name: String
  public let kind: Kind
  public let summary: String
  let read: @Sendable (ModelConfig) -> String
  /// For a list key, its names.
  let readList: (@Sendable (ModelConfig) -> [String])?
  let write: @Sendable (inout ModelConfig, Value) -> Void

  /// Allowed values, as `gmemcheck list` shows them.
  public var allowed: String {
    switch kind {
    case .integer(let r): "\(r.lowerBound)..\(r.upperBound)"
    case .boolean: "true | false"
    case .choice(let names): names.joined(separator: " | ")
    case .list: "[NAME, ...]"
    case .verdicts: "{ PROPERTY: pass | fail, ... }"
    case .reasons: "{ ACTION: \"why\", ... }"
    }
  }

  public func value(in config: ModelConfig) -> String { read(config) }

  /// A list key's names (empty for other kinds).
  public func names(in config: ModelConfig) -> [String] { readList?(config) ?? [] }

  init(
    name: String, kind: Kind, summary: String, read: @escaping @Sendable (ModelConfig) -> String,
    readList: (@Sendable (ModelConfig) -> [String])? = nil,
    write: @escaping @Sendable (inout ModelConfig, Value) -> Void
  ) {
    self.name = name
    self.kind = kind
    self.summary = summary
    self.read = read
    self.readList = readList
    self.write = write
  }

  static func list(
    _ name: String, _ allowed: [String], _ summary: String,
    read: @escaping @Sendable (ModelConfig) -> [String],
    write: @escaping @Sendable (inout ModelConfig, [String]) -> Void
  ) -> ConfigKey {
    ConfigKey(
      name: name, kind: .list(allowed), summary: summary,
      read: { "[" + read($0).joined(separator: ", ") + "]" }, readList: read,
      write: { config, value in if case .names(let ns) = value { write(&config, ns) } })
  }

  public static func named(_ name: String) -> ConfigKey? { all.first { $0.name == name } }

  /// Whether the key changes the model (`expect` and `unfired` only say
  /// what to expect of it).
  public var affectsModel: Bool { name != "expect" && name != "unfired" }

  public static var names: [String] { all.map(\.name) }

  static func integer(
    _ name: String, _ range: ClosedRange<Int>, _ summary: String,
    _ path: WritableKeyPath<ModelConfig, Int> & Sendable
  ) -> ConfigKey {
    ConfigKey(
      name: name, kind: .integer(range), summary: summary, read: { String($0[keyPath: path]) },
      write: { config, value in if case .integer(let i) = value { config[keyPath: path] = i } })
  }

  static func choice<T: RawRepresentable & CaseIterable & Sendable>(
    _ name: String, _ summary: String, _ path: WritableKeyPath<ModelConfig, T> & Sendable
  ) -> ConfigKey where T.RawValue == String {
    ConfigKey(
      name: name, kind: .choice(T.allCases.map(\.rawValue)), summary: summary,
      read: { $0[keyPath: path].rawValue },
      write: { config, value in
        if case .name(let n) = value, let v = T(rawValue: n) { config[keyPath: path] = v }
      })
  }

  public static let all: [ConfigKey] = [
    .integer("folios", 1...GmemState.subpageCapacity, "huge folios in the file (F); at most 5 with huge backing", \.folios),
    .integer("subpages", 1...GmemState.subpageCapacity, "4K subpages per folio (N); folios x subpages at most 15", \.subpages),
    .choice("backing", "huge: split/merged huge folios [H2]; base: 4K folios [ML]", \.backing),
    ConfigKey(
      name: "initShared", kind: .boolean,
      summary: "every subpage starts shared [ML GUEST_MEMFD_FLAG_INIT_SHARED]",
      read: { String($0.initShared) },
      write: { config, value in if case .boolean(let b) = value { config.initShared = b } }),
    .integer(
      "maxMappers", 1...Subpage.counterCapacity, "bound on host PTEs per subpage",
      \.maxMappers),
    .integer(
      "maxShortPins", 1...Subpage.counterCapacity, "bound on short-term (GUP) pins per subpage",
      \.maxShortPins),
    .integer(
      "maxLongPins", 1...Subpage.counterCapacity,
      "bound on long-term (FOLL_LONGTERM) pins per subpage", \.maxLongPins),
    .choice("split", "when huge folios split into 4K pieces (needs huge backing)", \.split),
    .choice(
      "longTermPins", "VFIO/IOMMU: pins, EPERM (option a), or PFN + invalidation",
      \.longTermPins),
    .choice("refcount", "pins counted per 4K subpage or per huge folio", \.refcount),
    .choice("migration", "compaction may move shared 4K pieces out of a folio", \.migration),
    ConfigKey(
      name: "trackData", kind: .boolean,
      summary: "track content (zero/written) and check NoSilentDataLoss",
      read: { String($0.trackData) },
      write: { config, value in if case .boolean(let b) = value { config.trackData = b } }),
    .choice(
      "conversionContent", "conversion keeps content, or firmware scrubs it",
      \.conversionContent),
    ConfigKey(
      name: "transientRefs", kind: .boolean,
      summary: "mm takes transient references (GUP-fast, page-cache lookups) [6.3]",
      read: { String($0.transientRefs) },
      write: { config, value in if case .boolean(let b) = value { config.transientRefs = b } }),
    .choice(
      "partialPunch", "a punch of part of a huge folio: zero it [H2] or EINVAL [HT]",
      \.partialPunch),
    .integer("vcpus", 1...GmemState.vcpuCapacity, "vCPUs, each with its own pending request [6.5]", \.vcpus),
    .list(
      "mutants", Mutant.allCases.map(\.rawValue), "deliberately wrong designs to apply: see MUTANTS",
      read: { $0.mutants.map(\.rawValue) },
      write: { config, names in config.mutants = Set(names.compactMap(Mutant.init(rawValue:))).sorted() }),
    .list(
      "fairness", ActionKind.allCases.map(\.name),
      "weakly fair actions (each instance): enabled for ever means taken",
      read: { $0.fairness.map(\.name) },
      write: { config, names in
        config.fairness = ActionKind.allCases.filter { names.contains($0.name) }
      }),
    .list(
      "assume", Assumption.allCases.map(\.rawValue), "assumptions about the environment",
      read: { $0.assumptions.map(\.rawValue) },
      write: { config, names in
        config.assumptions = Assumption.allCases.filter { names.contains($0.rawValue) }
      }),
    ConfigKey(
      name: "unfired", kind: .reasons(ActionKind.allCases.map(\.name)),
      summary: "actions that never fire here, with why (for --coverage)",
      read: { c in
        "{" + ActionKind.allCases.compactMap { k in c.unfired[k.name].map { "\(k.name): \($0)" } }
          .joined(separator: ", ") + "}"
      },
      write: { config, value in
        if case .reasons(let r) = value { config.unfired.merge(r) { $1 } }
      }),
    ConfigKey(
      name: "expect", kind: .verdicts,
      summary: "expected verdict per property, for 'gmemcheck verify'",
      read: { c in
        "{" + c.expectations.map { "\($0.property): \($0.verdict.rawValue)" }.joined(separator: ", ") + "}"
      },
      write: { config, value in
        // Later expectations for the same property replace earlier ones,
        // so `--set expect=Name:fail` overrides one entry of the file.
        guard case .verdicts(let given) = value else { return }
        var new: [ExpectedVerdict] = []
        for e in given {
          new.removeAll { $0.property == e.property }
          new.append(e)
        }
        let names = Set(new.map(\.property))
        config.expectations = config.expectations.filter { !names.contains($0.property) } + new
      }),
  ]
}
