import GmemModel

extension Invariant {
  /// **RefcountsBounded**: no counter (host PTEs, short-term pins,
  /// long-term pins) exceeds its configured bound. (Below zero cannot be
  /// represented: an unpin without a pin is not enabled.)
  ///
  /// Why: the bounds are the model's abstraction of "some"; a counter past
  /// its bound means an action ignored its guard, a model bug that would
  /// make every other verdict suspect. In the kernel the matching check is
  /// the folio refcount overflow guard in GUP (`try_grab_folio`).
  ///
  /// Source: MODEL.md section 3; [ML] mapcount/refcount of a folio.
  public static let refcountsBounded = Invariant(
    name: "RefcountsBounded", short: "Bnd",
    summary: "PTE, pin and long-term pin counts stay within their bounds",
    source: "MODEL.md 3; [ML] folio mapcount/refcount",
    // Witnesses: one subpage shows it.
    witnesses: .subpages(1), check: RefcountsBoundedCheck()
  )
}

/// The check, generic so that it reads packed and wide states alike.
private struct RefcountsBoundedCheck: InvariantCheck {
  @inline(__always)
  func violation<S: ModelState>(_ model: GuestMemfd, _ state: S) -> String? {
    // The bounds, not the configuration: a copy of that would retain its
    // arrays on every state, from every thread.
    let (mappers, shortPins, longPins) =
      (model.config.maxMappers, model.config.maxShortPins, model.config.maxLongPins)
    return firstSubpage(of: model, in: state) { page in
      page.mapped > mappers || page.shortPins > shortPins || page.longPins > longPins
    } _: { p, page in
      page.mapped > mappers
        ? "p\(p) has \(page.mapped) PTEs, bound \(mappers)"
        : page.shortPins > shortPins
          ? "p\(p) has \(page.shortPins) short-term pins, bound \(shortPins)"
          : "p\(p) has \(page.longPins) long-term pins, bound \(longPins)"
    }
  }
}
