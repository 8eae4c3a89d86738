import Testing

@testable import GmemModel

/// A setter for each value of a boolean subpage field.
private func flag(
  _ path: WritableKeyPath<Subpage, Bool> & Sendable
) -> [@Sendable (Subpage) -> Subpage] {
  [false, true].map { v in { var s = $0; s[keyPath: path] = v; return s } }
}

/// A setter for each value 0...3 a counter field holds.
private func counter(
  _ path: WritableKeyPath<Subpage, Int> & Sendable
) -> [@Sendable (Subpage) -> Subpage] {
  (0...Subpage.counterCapacity).map { v in { var s = $0; s[keyPath: path] = v; return s } }
}

/// Every value a subpage field can take, as a setter on `Subpage`, with
/// the field's bits in the lane (docs/semantics.md "Packing").
let subpageFields:
  [(name: String, mask: UInt32, values: [@Sendable (Subpage) -> Subpage])] = [
    ("attr", 0b1, Attr.allCases.map { v in { var s = $0; s.attr = v; return s } }),
    ("life", 0b11 << 1, Life.allCases.map { v in { var s = $0; s.life = v; return s } }),
    ("mapped", 0b11 << 3, counter(\.mapped)),
    ("shortPins", 0b11 << 5, counter(\.shortPins)),
    ("longPins", 0b11 << 7, counter(\.longPins)),
    ("guestMapped", 1 << 9, flag(\.guestMapped)),
    ("iommuMapped", 1 << 10, flag(\.iommuMapped)),
    ("written", 1 << 11, flag(\.written)),
    ("expectedWritten", 1 << 12, flag(\.expectedWritten)),
    ("migrated", 1 << 13, flag(\.migrated)),
    ("stalePins", 1 << 14, flag(\.stalePins)),
    ("pieceFreed", 1 << 15, flag(\.pieceFreed)),
    ("transient", 1 << 16, flag(\.transient)),
  ]

/// A subpage's fields, each as one string, in `subpageFields` order.
func fields(_ s: Subpage) -> [String] {
  [
    s.attr.name, s.life.name, "\(s.mapped)", "\(s.shortPins)", "\(s.longPins)",
    "\(s.guestMapped)", "\(s.iommuMapped)", "\(s.written)", "\(s.expectedWritten)",
    "\(s.migrated)", "\(s.stalePins)", "\(s.pieceFreed)", "\(s.transient)",
  ]
}

/// Backgrounds the fields are set over: all zero, all ones, and mixed.
let backgrounds = [
  Subpage(raw: 0),
  page(
    .shared, .freed, mapped: 3, shortPins: 3, longPins: 3, guestMapped: true, iommuMapped: true,
    written: true, expected: true, migrated: true, stalePins: true, pieceFreed: true,
    transient: true),
  page(
    .shared, .orphan, mapped: 2, shortPins: 1, longPins: 3, iommuMapped: true, expected: true,
    stalePins: true, transient: true),
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
          #expect(after.raw & ~field.mask == background.raw & ~field.mask, "\(field.name)")
        }
      }
    }
  }

  @Test func theFieldsUseAllSeventeenBitsWithoutOverlap() {
    let masks = subpageFields.map(\.mask)
    #expect(masks.reduce(0, |) == 0x1_FFFF)
    #expect(masks.map(\.nonzeroBitCount).reduce(0, +) == 17)
    #expect(backgrounds[1].raw == 0x1_FFFF)
  }

  @Test func everyFieldValueReadsBackAsWritten() {
    #expect(Subpage.counterCapacity == 3)
    var s = Subpage(raw: 0)
    for v in 0...3 {
      s.mapped = v
      s.shortPins = 3 - v
      s.longPins = (v + 1) % 4
      #expect([s.mapped, s.shortPins, s.longPins] == [v, 3 - v, (v + 1) % 4])
    }
    for life in Life.allCases {
      s.life = life
      #expect(s.life == life)
    }
    for (i, field) in subpageFields.enumerated() where i >= 5 {
      #expect(fields(field.values[1](s))[i] == "true", "\(field.name)")
      #expect(fields(field.values[0](field.values[1](s)))[i] == "false", "\(field.name)")
    }
  }

  @Test func aCounterWrittenPastItsCapacityStaysInItsOwnBits() {
    var s = Subpage(raw: 0)
    s.shortPins = 7
    #expect(s.raw == 0b11 << 5)
    #expect([s.mapped, s.shortPins, s.longPins] == [0, 3, 0])
  }

  @Test func bitLayoutIsAsDocumented() {
    #expect(page(.shared, .hole).raw == 0b1)
    #expect(page(.private, .present).raw == 0b010)
    #expect(page(.private, .freed).raw == 0b110)
    #expect(page(.private, .hole, mapped: 3).raw == 0b11 << 3)
    #expect(page(.private, .hole, shortPins: 3).raw == 0b11 << 5)
    #expect(page(.private, .hole, longPins: 3).raw == 0b11 << 7)
    #expect(page(.private, .hole, mapped: 1, shortPins: 2, longPins: 1).raw == 0b01_10_01_000)
    #expect(page(.private, .hole, guestMapped: true).raw == 1 << 9)
    #expect(page(.private, .hole, iommuMapped: true).raw == 1 << 10)
    #expect(page(.private, .hole, written: true).raw == 1 << 11)
    #expect(page(.private, .hole, expected: true).raw == 1 << 12)
    #expect(page(.private, .hole, migrated: true).raw == 1 << 13)
    #expect(page(.private, .hole, stalePins: true).raw == 1 << 14)
    #expect(page(.private, .hole, pieceFreed: true).raw == 1 << 15)
    #expect(page(.private, .hole, transient: true).raw == 1 << 16)
    #expect(Subpage(attr: .shared) == page(.shared, .hole))
  }

  @Test(arguments: Life.allCases)
  func pieceLifeIsTheIndexLifeUnlessMigrated(life: Life) {
    #expect(page(.shared, life).pieceLife == life)
    #expect(page(.shared, life, pieceFreed: true).pieceLife == life)
    #expect(page(.shared, life, migrated: true).pieceLife == .hole)
    #expect(page(.shared, life, migrated: true, pieceFreed: true).pieceLife == .freed)
  }

  @Test func referencePredicates() {
    #expect(!page(.shared, .present).hasHostReference)
    #expect(page(.shared, .present, mapped: 1).hasHostReference)
    #expect(!page(.shared, .present, mapped: 1).isPinned)
    #expect(page(.shared, .present, shortPins: 1).isPinned)
    #expect(page(.shared, .present, longPins: 1).isPinned)
    #expect(!page(.shared, .present, guestMapped: true).hasHostReference)
    // An IOMMU PFN mapping holds no page reference (pfnCallback).
    #expect(!page(.shared, .present, iommuMapped: true).hasHostReference)
    #expect(!page(.shared, .present, iommuMapped: true).isPinned)
    // A transient reference holds the page and blocks conversion, but is
    // no host mapping or pin (MODEL.md 6.3).
    let held = page(.shared, .present, transient: true)
    #expect(held.isHeld && held.hasReference && !held.isPinned && !held.hasHostReference)
    #expect(page(.shared, .present, mapped: 1).hasReference)
    #expect(!page(.shared, .present, mapped: 1).isHeld)
    #expect(!page(.shared, .present, guestMapped: true, iommuMapped: true).hasReference)
  }
}
