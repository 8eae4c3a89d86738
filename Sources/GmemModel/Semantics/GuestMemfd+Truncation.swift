/// Truncation and teardown (MODEL.md 2.2).
extension GuestMemfd {
  /// fallocate(PUNCH_HOLE). Attributes survive [V8].
  @inlinable @inline(always)
  func punchHole<S: ModelState>(_ range: ClosedRange<Int>, in s: S) -> (Outcome, S)? {
    guard !s.closed else { return nil }
    var n = s
    if config.backing == .base {
      for p in range { punchStandalone(p, in: &n) }
      return (.ok, n)
    }
    if !isWholeFolio(range) {
      // [HT `kvm_gmem_fallocate`] a punch not aligned to the huge page
      // size is refused before anything else (MODEL.md 6.4).
      if config.partialPunch == .einval { return (.einval, s) }
      // [H2 `kvm_gmem_zero_range`] one piece of a huge folio is zeroed,
      // not freed: only its SPTE goes. A migrated index has a page of its
      // own, punched as with base backing.
      for p in range {
        if n[subpage: p].migrated {
          punchStandalone(p, in: &n)
        } else if n[subpage: p].life == .present {
          n[subpage: p].guestMapped = false
          n[subpage: p].written = false
          n[subpage: p].expectedWritten = false
        }
      }
      return (.ok, n)
    }
    // [H2 `kvm_gmem_merge_truncate_indices`] zap every mapping first; the
    // zap stays even on EAGAIN.
    let f = folio(of: range.lowerBound)
    guard s.anySubpage(in: range, { $0.life == .present }) else { return (.ok, s) }
    for p in range {
      n[subpage: p].mapped = 0
      n[subpage: p].guestMapped = false
      n[subpage: p].iommuMapped = false
    }
    // The refcount check counts every reference (MODEL.md 6.2); the PTEs
    // are zapped already, so pins and transient references are left.
    if n.anySubpage(in: range, { $0.pieceLife == .present && $0.hasReference }) {
      return (.eagain, n)
    }
    for p in range {
      if n[subpage: p].migrated {
        punchStandalone(p, in: &n)
        n[subpage: p].pieceFreed = false
      } else if n[subpage: p].life == .present {
        n[subpage: p].life = .hole
      }
    }
    n.setLayout(.huge, ofFolio: f)
    return (.ok, n)
  }

  /// [ML] a present 4K folio leaves the page cache: every mapping of it is
  /// zapped; one still held (a pin, a transient reference) lives on
  /// outside the file as an orphan.
  @inlinable @inline(always)
  func punchStandalone<S: ModelState>(_ p: Int, in n: inout S) {
    guard n[subpage: p].life == .present else { return }
    n[subpage: p].mapped = 0
    n[subpage: p].guestMapped = false
    n[subpage: p].iommuMapped = false
    n[subpage: p].life = n[subpage: p].isHeld ? .orphan : .hole
  }

  /// VM teardown: the last file reference goes. Every mapping is zapped
  /// (the IOMMU's PFN mappings by their invalidation callback); held
  /// pages (pinned, or with a transient reference) become orphans, the
  /// rest are freed into their merge set (huge) or to the allocator (base,
  /// migrated) [H2 close_with_pinning].
  @inlinable @inline(always)
  func close<S: ModelState>(in s: S) -> (Outcome, S)? {
    guard !s.closed, !s.anyRequestPending else { return nil }
    var n = s
    n.closed = true
    for p in subpageIndices {
      n[subpage: p].mapped = 0
      n[subpage: p].guestMapped = false
      n[subpage: p].iommuMapped = false
      if n[subpage: p].life == .present {
        n[subpage: p].life = n[subpage: p].isHeld ? .orphan : releasedLife(p, in: n)
      }
    }
    return (.ok, n)
  }
}
