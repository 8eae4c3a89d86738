import GmemModel

extension Invariant {
  /// **NoUseAfterFree**: a freed subpage or a hole has no host PTE, no pin,
  /// no transient reference, no SPTE and no IOMMU mapping.
  ///
  /// Why: a freed piece or a hole may be handed to another user (another
  /// VM, the buddy allocator). A mapping or pin that survives the free lets
  /// the old user, or a device, read or corrupt the new one's memory.
  ///
  /// Source: [ML] punch hole and release zap PTEs and SPTEs
  /// (`kvm_gmem_punch_hole`, `kvm_gmem_invalidate_begin`); [H2] truncation
  /// fails with EAGAIN while pinned, close_with_pinning defers the free;
  /// MODEL.md 6.3 (a transient reference holds a page like a pin).
  public static let noUseAfterFree = Invariant(
    name: "NoUseAfterFree", short: "UAF",
    summary: "a freed subpage or hole has no PTE, pin, transient ref, SPTE or IOMMU map",
    source: "[ML] punch hole zaps PTEs/SPTEs; [H2] EAGAIN while pinned, close_with_pinning",
    // Witnesses: one subpage shows it.
    witnesses: .subpages(1), check: NoUseAfterFreeCheck()
  )
}

/// The check, generic so that it reads packed and wide states alike.
private struct NoUseAfterFreeCheck: InvariantCheck {
  @inline(__always)
  func violation<S: ModelState>(_ model: GuestMemfd, _ state: S) -> String? {
    firstSubpage(of: model, in: state) { page in
      (page.life == .hole || page.life == .freed)
        && (page.hasReference || page.guestMapped || page.iommuMapped)
    } _: { p, page in
      "p\(p) is \(page.word) but still referenced: \(page.phrase)"
    }
  }
}
