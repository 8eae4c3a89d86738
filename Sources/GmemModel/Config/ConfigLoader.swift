import Foundation

extension ModelConfig {
  /// Reads a JSON5 configuration file, then applies `--set key=value`
  /// overrides in order, then checks the whole. O(file size).
  public static func load(file path: String, overrides: [String] = []) throws(ConfigError)
    -> ModelConfig
  {
    let bytes: [UInt8]
    do { bytes = try TextFile.bytes(path) } catch { throw .unreadable(error, path) }
    return try parse(bytes: bytes, source: path, overrides: overrides)
  }

  /// Reads configuration bytes, which must be UTF-8, as `load` reads a
  /// file's; `source` names them in messages. O(size).
  public static func parse(bytes: [UInt8], source: String, overrides: [String] = [])
    throws(ConfigError) -> ModelConfig
  {
    let text: String
    do { text = try TextFile.decode(bytes) } catch { throw .unreadable(error, source) }
    return try parse(text, source: source, overrides: overrides)
  }

  /// Reads configuration text; `source` names it in messages.
  public static func parse(_ text: String, source: String, overrides: [String] = [])
    throws(ConfigError) -> ModelConfig
  {
    let root: JSON5Node
    do {
      root = try JSON5Parser.parse(text)
    } catch {
      throw .syntax(.init(source, error.position), message: error.message)
    }
    var config = try read(root, source: source)
    for text in overrides { try config.apply(override: text) }
    try config.validate(source: source)
    return config
  }

  /// The configuration a JSON5 object states (every key checked, but not
  /// the whole: see `validate`).
  public static func read(_ root: JSON5Node, source: String) throws(ConfigError) -> ModelConfig {
    guard case .object(let members) = root.value else {
      throw .notAnObject(.init(source, root.position), found: root.value.typeName)
    }
    var config = ModelConfig()
    var seen: [String: SourcePosition] = [:]
    for member in members {
      let at = ConfigError.Location(source, member.keyPosition)
      if let first = seen[member.key] {
        throw .duplicateKey(at, key: member.key, first: first)
      }
      seen[member.key] = member.keyPosition
      let key = try Self.key(member.key, at: at)
      let value = try key.check(member.value, at: .init(source, member.value.position))
      key.write(&config, value)
    }
    return config
  }

  /// Applies one `key=value` override (`--set`). The value is written as
  /// on a command line: `subpages=5`, `backing=base`, `mutants=a,b`.
  public mutating func apply(override text: String) throws(ConfigError) {
    let at = ConfigError.Location("--set \(text)")
    guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
      throw .malformedOverride(at, text: text)
    }
    let name = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
    let raw = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
    let key = try Self.key(name, at: at)
    key.write(&self, try key.check(text: raw, at: at))
  }

  private static func key(_ name: String, at: ConfigError.Location) throws(ConfigError)
    -> ConfigKey
  {
    guard let key = ConfigKey.named(name) else {
      throw .unknownKey(at, key: name, suggestion: nearestName(to: name, in: ConfigKey.names))
    }
    return key
  }

  /// Checks what no single key can: that the state fits its packing.
  public func validate(source: String) throws(ConfigError) {
    let at = ConfigError.Location(source)
    if totalSubpages > GmemState.subpageCapacity {
      throw .tooLarge(
        at, keys: ["folios", "subpages"],
        message:
          "folios x subpages = \(totalSubpages) subpages; the packed state holds at most \(GmemState.subpageCapacity)"
      )
    }
    if backing == .huge && folios > GmemState.layoutCapacity {
      throw .tooLarge(
        at, keys: ["folios", "backing"],
        message:
          "huge backing keeps a layout per folio and the packed state holds \(GmemState.layoutCapacity); found \(folios) folios"
      )
    }
    if backing == .base {
      for (key, isDefault) in [
        ("split", split == .onConversion), ("refcount", refcount == .perSubpage),
        ("migration", migration == .none),
      ] where !isDefault {
        throw .incompatible(
          at, keys: [key, "backing"],
          message: "'\(key)' is about huge folios; with backing \"base\" leave it at its default")
      }
    }
    if partialPunch == .einval && backing == .base {
      throw .incompatible(
        at, keys: ["partialPunch", "backing"],
        message: "partialPunch \"einval\" is about huge folios; with backing \"base\" every punch is aligned")
    }
    if partialPunch == .einval && initShared {
      throw .incompatible(
        at, keys: ["partialPunch", "initShared"],
        message: "the 1G tree (partialPunch \"einval\") refuses INIT_SHARED for HugeTLB files")
    }
    if assumes(.transientRefsSettle) && !transientRefs {
      throw .incompatible(
        at, keys: ["assume", "transientRefs"],
        message: "assumption transientRefsSettle needs transientRefs: true, or it changes nothing")
    }
    let needs: [(Mutant, Bool, String, String)] = [
      (.migratePinned, migration == .shared4K && trackData, "migration", "migration: \"shared4K\" and trackData: true"),
      (.skipIommuInvalidate, longTermPins == .pfnCallback, "longTermPins", "longTermPins: \"pfnCallback\""),
    ]
    for (mutant, satisfied, key, what) in needs where has(mutant) && !satisfied {
      throw .incompatible(
        at, keys: ["mutants", key], message: "mutant \(mutant.rawValue) needs \(what), or it changes nothing")
    }
    if has(.unboundedPins) && maxShortPins >= Subpage.counterCapacity {
      throw .tooLarge(
        at, keys: ["maxShortPins", "mutants"],
        message:
          "unboundedPins pins once past maxShortPins, which must then be at most \(Subpage.counterCapacity - 1); found \(maxShortPins)"
      )
    }
  }
}

extension ConfigKey {
  /// Checks a JSON5 value against the key's kind.
  func check(_ node: JSON5Node, at: ConfigError.Location) throws(ConfigError) -> Value {
    switch (kind, node.value) {
    case (.integer(let range), .integer(let i)):
      guard range.contains(i) else { throw .outOfRange(at, key: name, value: i, allowed: range) }
      return .integer(i)
    case (.boolean, .bool(let b)):
      return .boolean(b)
    case (.choice(let names), .string(let s)):
      guard names.contains(s) else { throw .unknownValue(at, key: name, value: s, allowed: names) }
      return .name(s)
    case (.list(let names), .array(let items)):
      var result: [String] = []
      for item in items {
        let itemAt = ConfigError.Location(at.source, item.position)
        guard case .string(let s) = item.value else {
          throw .wrongType(itemAt, key: name, expected: "a list of strings", found: item.value.typeName)
        }
        guard names.contains(s) else {
          throw .unknownValue(itemAt, key: name, value: s, allowed: names)
        }
        result.append(s)
      }
      return .names(result)
    case (.reasons(let names), .object(let members)):
      var result: [String: String] = [:]
      for m in members {
        guard names.contains(m.key) else {
          throw .unknownValue(.init(at.source, m.keyPosition), key: name, value: m.key, allowed: names)
        }
        guard case .string(let why) = m.value.value, !why.isEmpty else {
          throw .wrongType(
            .init(at.source, m.value.position), key: "\(name).\(m.key)", expected: "a reason (a string)",
            found: m.value.value.typeName)
        }
        result[m.key] = why
      }
      return .reasons(result)
    case (.verdicts, .object(let members)):
      var result: [ExpectedVerdict] = []
      for m in members {
        let valueAt = ConfigError.Location(at.source, m.value.position)
        guard case .string(let s) = m.value.value else {
          throw .wrongType(valueAt, key: "\(name).\(m.key)", expected: "\"pass\" or \"fail\"", found: m.value.value.typeName)
        }
        guard let verdict = ExpectedVerdict.Verdict(rawValue: s) else {
          throw .unknownValue(valueAt, key: "\(name).\(m.key)", value: s, allowed: ["pass", "fail"])
        }
        if result.contains(where: { $0.property == m.key }) {
          throw .duplicateKey(.init(at.source, m.keyPosition), key: m.key, first: result.first { $0.property == m.key }!.position!)
        }
        result.append(ExpectedVerdict(property: m.key, verdict: verdict, position: m.keyPosition))
      }
      return .verdicts(result)
    default:
      throw .wrongType(at, key: name, expected: expectedType, found: node.value.typeName)
    }
  }

  var expectedType: String {
    switch kind {
    case .integer: "an integer"
    case .boolean: "true or false"
    case .choice: "a string"
    case .list: "a list of strings"
    case .verdicts: "an object of property names to \"pass\" or \"fail\""
    case .reasons: "an object of action names to reasons"
    }
  }
}
