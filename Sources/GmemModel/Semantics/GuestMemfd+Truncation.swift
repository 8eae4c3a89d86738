/// Truncation and teardown (MODEL.md 2.2).
extension GuestMemfd {
  /// fallocate(PUNCH_HOLE). Attributes survive [V8].
  func punchHole(_ range: ClosedRange<Int>, in s: GmemState) -> (Outcome, GmemState)? {
    guard !s.closed else { return nil }
    var n = s
    if config.backing == .base {
      // [ML] each present 4K folio leaves the page cache; a referenced
      // one lives on outside the file as an orphan.
      for p in range where n[subpage: p].life == .present {
        n[subpage: p].mapped = 0
        n[subpage: p].guestMapped = false
        n[subpage: p].life = n[subpage: p].isPinned ? .orphan : .hole
      }
      return (.ok, n)
    }
    let f = folio(of: range.lowerBound)
    guard isAllocated(folio: f, in: s) else { return (.ok, s) }
    if !isWholeFolio(range) {
      // [H2 `kvm_gmem_zero_range`] one piece of a huge folio is zeroed,
      // not freed: only its SPTE goes.
      for p in range { n[subpage: p].guestMapped = false }
      return (.ok, n)
    }
    // [H2 `kvm_gmem_merge_truncate_indices`] the zap stays even on EAGAIN.
    for p in range {
      n[subpage: p].mapped = 0
      n[subpage: p].guestMapped = false
    }
    if range.contains(where: { n[subpage: $0].isPinned }) { return (.eagain, n) }
    for p in range { n[subpage: p].life = .hole }
    n.setLayout(.huge, ofFolio: f)
    return (.ok, n)
  }

  /// VM teardown: the last file reference goes. Every mapping is zapped;
  /// pinned pages become orphans, the rest are freed into their merge set
  /// (huge) or to the allocator (base) [H2 close_with_pinning].
  func close(in s: GmemState) -> (Outcome, GmemState)? {
    guard !s.closed, s.request == nil else { return nil }
    var n = s
    n.closed = true
    for p in subpageIndices {
      n[subpage: p].mapped = 0
      n[subpage: p].guestMapped = false
      if n[subpage: p].life == .present {
        n[subpage: p].life = n[subpage: p].isPinned ? .orphan : releasedLife
      }
    }
    return (.ok, n)
  }
}
