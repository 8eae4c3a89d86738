import GmemModel

extension Invariant {
  /// **SplitIfAnyShared** (huge backing): a folio whose layout is huge has
  /// only private present subpages; the host only ever maps 4K pieces.
  ///
  /// Why: a huge folio is one struct folio to core mm. If a shared subpage
  /// of an unsplit folio were mapped or pinned, mm would see (and could
  /// map, pin or migrate) the whole 2M/1G folio, private parts included.
  ///
  /// Source: [H2] invariant 4 (split on conversion to shared, merge only
  /// when all private); [LIST] 2024-06-20 pinning thread, option (b):
  /// expose the large folio as 4K folios to core mm.
  public static let splitIfAnyShared = Invariant(
    name: "SplitIfAnyShared", short: "Splt",
    summary: "a huge (unsplit) folio has no present shared subpage",
    source: "[H2] invariant 4; [LIST] 2024-06-20 option (b)",
    // Witnesses: the layout and one shared subpage show it.
    witnesses: .subpages(1), check: SplitIfAnySharedCheck()
  )
}

/// The check, generic so that it reads packed and wide states alike.
private struct SplitIfAnySharedCheck: InvariantCheck {
  @inline(__always)
  func violation<S: ModelState>(_ model: GuestMemfd, _ state: S) -> String? {
    guard model.config.backing == .huge else { return nil }
    for f in 0..<model.config.folios where state.layout(ofFolio: f) == .huge {
      for p in model.folioRange(f) {
        let page = state[subpage: p]
        // A migrated index is served by a standalone page, not the folio.
        if page.pieceLife == .present && page.attr == .shared {
          return "f\(f) is huge (unsplit) but p\(p) is \(page.phrase)"
        }
      }
    }
    return nil
  }
}
