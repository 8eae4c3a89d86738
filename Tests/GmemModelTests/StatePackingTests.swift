import Testing

@testable import GmemModel

/// Every value a subpage field can take, as a setter on `Subpage`.
private let subpageFields: [(name: String, values: [@Sendable (Subpage) -> Subpage])] = [
  ("attr", Attr.allCases.map { v in { var s = $0; s.attr = v; return s } }),
  ("life", Life.allCases.map { v in { var s = $0; s.life = v; return s } }),
  ("mapped", (0...7).map { v in { var s = $0; s.mapped = v; return s } }),
  ("shortPins", (0...7).map { v in { var s = $0; s.shortPins = v; return s } }),
  ("longPins", (0...7).map { v in { var s = $0; s.longPins = v; return s } }),
  ("guestMapped", [false, true].map { v in { var s = $0; s.guestMapped = v; return s } }),
]

private func fields(_ s: Subpage) -> [String] {
  [s.attr.name, s.life.name, "\(s.mapped)", "\(s.shortPins)", "\(s.longPins)", "\(s.guestMapped)"]
}

/// Backgrounds the fields are set over: all zero, all ones, and mixed.
private let backgrounds = [
  Subpage(raw: 0),
  page(.shared, .freed, mapped: 7, shortPins: 7, longPins: 7, guestMapped: true),
  page(.shared, .orphan, mapped: 2, shortPins: 5, longPins: 3),
]

@Suite struct SubpagePackingTests {
  @Test func settingOneFieldNeverDisturbsAnother() {
    for background in backgrounds {
      for (index, field) in subpageFields.enumerated() {
        for set in field.values {
          let after = set(background)
          var want = fields(background)
          want[index] = fields(after)[index]
          #expect(fields(after) == want, "\(field.name) over \(background.raw)")
          #expect(after.raw & 0xE000 == background.raw & 0xE000)
        }
      }
    }
  }

  @Test func everyFieldValueReadsBackAsWritten() {
    var s = Subpage(raw: 0)
    for v in 0...7 {
      s.mapped = v
      s.shortPins = 7 - v
      s.longPins = (v + 3) % 8
      #expect([s.mapped, s.shortPins, s.longPins] == [v, 7 - v, (v + 3) % 8])
    }
    for life in Life.allCases {
      s.life = life
      #expect(s.life == life)
    }
  }

  @Test func bitLayoutIsAsDocumented() {
    #expect(page(.shared, .hole).raw == 0b1)
    #expect(page(.private, .freed).raw == 0b110)
    #expect(page(.private, .hole, mapped: 7).raw == 0b111_000)
    #expect(page(.private, .hole, shortPins: 7).raw == 0b111_000_000)
    #expect(page(.private, .hole, longPins: 7).raw == 0b111_000_000_000)
    #expect(page(.private, .hole, guestMapped: true).raw == 1 << 12)
    #expect(Subpage(attr: .shared) == page(.shared, .hole))
  }

  @Test func referencePredicates() {
    #expect(!page(.shared, .present).hasHostReference)
    #expect(page(.shared, .present, mapped: 1).hasHostReference)
    #expect(!page(.shared, .present, mapped: 1).isPinned)
    #expect(page(.shared, .present, shortPins: 1).isPinned)
    #expect(page(.shared, .present, longPins: 1).isPinned)
    #expect(!page(.shared, .present, guestMapped: true).hasHostReference)
  }
}

/// One way to vary a whole state, and how to read what it varies.
private struct Variation {
  let name: String
  let apply: (inout GmemState) -> Void
}

private let lanes = 0..<GmemState.subpageCapacity

private func variations() -> [Variation] {
  var result: [Variation] = []
  for p in lanes {
    for (field, f) in subpageFields {
      for (i, set) in f.enumerated() {
        result.append(Variation(name: "p\(p).\(field)#\(i)") { $0[subpage: p] = set($0[subpage: p]) })
      }
    }
  }
  result.append(Variation(name: "closed") { $0.closed.toggle() })
  for first in lanes {
    for last in first..<GmemState.subpageCapacity {
      for to in Attr.allCases {
        result.append(Variation(name: "request \(first)-\(last) \(to.name)") {
          $0.request = Request(first: first, last: last, to: to)
        })
      }
    }
  }
  result.append(Variation(name: "no request") { $0.request = nil })
  for f in 0..<GmemState.layoutCapacity {
    result.append(Variation(name: "layout \(f)") {
      $0.setLayout($0.layout(ofFolio: f) == .huge ? .split : .huge, ofFolio: f)
    })
  }
  return result
}

/// Every field of a state, each as one string.
private func read(_ s: GmemState) -> [String] {
  lanes.map { "p\($0) " + fields(s[subpage: $0]).joined(separator: " ") }
    + ["closed \(s.closed)", "request \(String(describing: s.request))"]
    + (0..<GmemState.layoutCapacity).map { "layout \($0) \(s.layout(ofFolio: $0).name)" }
}

private func busyState() -> GmemState {
  var s = GmemState()
  for p in lanes { s[subpage: p] = backgrounds[p % backgrounds.count] }
  s.closed = true
  s.request = Request(first: 3, last: 9, to: .shared)
  s.setLayout(.split, ofFolio: 1)
  s.setLayout(.split, ofFolio: 4)
  return s
}

@Suite struct GmemStatePackingTests {
  @Test(arguments: [GmemState(), busyState()])
  func eachVariationChangesOnlyItsOwnField(base: GmemState) {
    let before = read(base)
    for v in variations() {
      var s = base
      v.apply(&s)
      let after = read(s)
      let changed = zip(before, after).filter { $0 != $1 }.map(\.0)
      #expect(changed.count <= 1, "\(v.name) changed \(changed)")
      #expect((s == base) == changed.isEmpty, "\(v.name)")
    }
  }

  @Test(arguments: [GmemState(), busyState()])
  func requestRoundTripsEveryRangeAndTargetAndClears(base: GmemState) {
    for first in lanes {
      for last in first..<GmemState.subpageCapacity {
        for to in Attr.allCases {
          var s = base
          let r = Request(first: first, last: last, to: to)
          s.request = r
          #expect(s.request == r)
          s.request = nil
          #expect(s.request == nil)
          #expect(read(s).dropLast(6) == read(base).dropLast(6))
        }
      }
    }
  }

  @Test func eachSubpageLaneHoldsItsOwnValue() {
    var s = GmemState()
    for p in lanes { s[subpage: p] = Subpage(raw: UInt16(0x1000 + 0x11 * p)) }
    s.closed = true
    s.request = Request(first: 14, last: 14, to: .shared)
    for f in 0..<GmemState.layoutCapacity { s.setLayout(.split, ofFolio: f) }
    #expect(lanes.map { s[subpage: $0].raw } == lanes.map { UInt16(0x1000 + 0x11 * $0) })
  }

  @Test func statesWithEqualFieldsAreEqualWhateverTheOrderOfWrites() {
    var a = GmemState()
    a.request = Request(first: 2, last: 5, to: .shared)
    a.closed = true
    a.setLayout(.split, ofFolio: 2)
    a[subpage: 7] = page(.shared, .present, mapped: 1)
    var b = GmemState()
    b[subpage: 7] = page(.shared, .orphan, longPins: 4)
    b[subpage: 7] = page(.shared, .present, mapped: 1)
    b.setLayout(.split, ofFolio: 2)
    b.request = Request(first: 0, last: 14, to: .private)
    b.request = Request(first: 2, last: 5, to: .shared)
    b.closed = true
    #expect(a == b)
    #expect(a.fingerprint == b.fingerprint)
  }

  @Test(arguments: [GmemState(), busyState()])
  func fingerprintDiffersForStatesDifferingInOneField(base: GmemState) {
    var prints: [UInt64: String] = [base.fingerprint: "base"]
    for v in variations() {
      var s = base
      v.apply(&s)
      guard s != base else { continue }
      let clash = prints.updateValue(v.name, forKey: s.fingerprint)
      #expect(clash == nil, "\(v.name) has the fingerprint of \(clash ?? "")")
    }
    // The base, and one state per other value: 15 lanes x 26 subpage
    // values, closed, 5 layouts, and 241 requests (240 and none) less the
    // one the base has.
    #expect(prints.count == 637)
  }
}
