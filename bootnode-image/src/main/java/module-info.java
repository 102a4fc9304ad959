/**
 * bootnode-image: newc cpio archives, Linux initramfs images (segments, compression, reading),
 * root file system tarballs and the init scripts of the compute and failsafe images.
 */
module org.bootnode.image {
    requires org.tukaani.xz;
    requires org.apache.commons.compress;
    requires static com.github.luben.zstd_jni;

    exports org.bootnode.image.cpio;
    exports org.bootnode.image.initramfs;
    exports org.bootnode.image.rootfs;
}
