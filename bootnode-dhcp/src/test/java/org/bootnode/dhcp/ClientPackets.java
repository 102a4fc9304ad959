package org.bootnode.dhcp;

/**
 * DISCOVERs captured from real clients on a veth pair (MAC fc:ab:14:e8:66:01), written out
 * field by field.
 */
public final class ClientPackets {
    private ClientPackets() {
    }

    /** busybox 1.35 udhcpc {@code -x hostname:node-000}: 300 bytes. */
    public static final byte[] UDHCPC_DISCOVER = Golden.bytes("""
            01 01 06 00            // op BOOTREQUEST, htype Ethernet, hlen 6, hops 0
            d8872570               // xid
            0000 0000              // secs 0, flags 0 (no broadcast bit)
            00000000 00000000      // ciaddr, yiaddr
            00000000 00000000      // siaddr, giaddr
            fcab14e86601 00*10     // chaddr
            00*64                  // sname
            00*128                 // file
            63825363               // magic cookie
            35 01 01               // 53 message type DISCOVER
            39 02 0240             // 57 max message size 576
            37 07 01 03 06 0c 0f 1c 2a   // 55 PRL: mask, router, DNS, host name, domain, broadcast, NTP
            0c 08 6e6f64652d303030 // 12 host name "node-000"
            3c 0c 756468637020312e33352e30  // 60 vendor class "udhcp 1.35.0"
            3d 07 01 fcab14e86601  // 61 client id: type 1 + MAC
            ff                     // end
            00*10                  // padding to 300
            """);

    /** ISC dhclient 4.4 (Debian 12): 300 bytes. */
    public static final byte[] DHCLIENT_DISCOVER = Golden.bytes("""
            01 01 06 00  17b48162  0000 0000
            00000000 00000000 00000000 00000000
            fcab14e86601 00*10  00*64  00*128
            63825363
            35 01 01               // DISCOVER
            0c 02 766d             // 12 host name "vm"
            37 0d 01 1c 02 03 0f 06 77 0c 2c 2f 1a 79 2a  // 55 PRL (13 codes, incl. 121 classless routes)
            ff
            00*37
            """);

    /** dhcpcd 9.4.1 ({@code -f /dev/null}): 319 bytes, max message size 1472, options 116 and 145. */
    public static final byte[] DHCPCD_DISCOVER = Golden.bytes("""
            01 01 06 00  ad97a3ed  0000 0000
            00000000 00000000 00000000 00000000
            fcab14e86601 00*10  00*64  00*128
            63825363
            35 01 01
            37 07 01 03 1c 21 33 3a 3b      // 55 PRL: 1 3 28 33 51 58 59
            39 02 05c0                      // 57 max message size 1472
            3c 36 6468637063642d392e342e313a4c696e75782d362e31382e34342d66632d763738323a7838365f36343a41757468656e746963414d44
                                            // 60 "dhcpcd-9.4.1:Linux-6.18.44-fc-v782:x86_64:AuthenticAMD"
            74 01 01                        // 116 auto-configure
            91 01 01                        // 145 forcerenew nonce capable
            ff
            """);

    /** iPXE (qemu 7.2 e1000 ROM, BIOS): 400 bytes. User class "iPXE" in its bare form, 175 feature flags, arch 0. */
    public static final byte[] IPXE_DISCOVER = Golden.bytes("""
            01 01 06 00 83abbf49 0004 0000
            00000000 00000000 00000000 00000000
            fcab14e86601 00*10  00*64  00*128
            63825363
            35 01 01   // 53 message type
            39 02 05c0   // 57 max message size
            5d 02 0000   // 93 client arch
            5e 03 010201   // 94 client NDI
            3c 20 505845436c69656e743a417263683a30303030303a554e44493a303032303031   // 60 vendor class "PXEClient:Arch:00000:UNDI:002001"
            4d 04 69505845   // 77 user class "iPXE"
            37 17 010306070c0f111a2b3c4243778081828384858687afcb   // 55 PRL
            af 30 b105018086100eeb03010000170101220101130101110101270101190101290101100102210101150101180101120101   // 175 iPXE encap
            3d 07 01fcab14e86601   // 61 client id
            61 11 0000000000000000000000000000000000   // 97 UUID/GUID
            ff
            """);

    /** OVMF (Debian 12 edk2, x86-64 UEFI PXE on virtio-net): 347 bytes, broadcast bit, arch 7, no end option padding. */
    public static final byte[] OVMF_PXE_DISCOVER = Golden.bytes("""
            01 01 06 00 c74c7cb8 0000 8000
            00000000 00000000 00000000 00000000
            fcab14e86601 00*10  00*64  00*128
            63825363
            35 01 01   // 53 message type
            39 02 05c0   // 57 max message size
            37 23 0102030405060c0d0f111216171c28292a2b3233363a3b3c4243618081828384858687   // 55 PRL
            61 11 0000000000000000000000000000000000   // 97 UUID/GUID
            5e 03 010300   // 94 client NDI
            5d 02 0007   // 93 client arch
            3c 20 505845436c69656e743a417263683a30303030373a554e44493a303033303030   // 60 vendor class "PXEClient:Arch:00007:UNDI:003000"
            ff
            """);

    /** OVMF UEFI HTTP boot (x86-64, virtio-net, PXE turned off): 340 bytes, vendor class HTTPClient, arch 16. */
    public static final byte[] OVMF_HTTP_DISCOVER = Golden.bytes("""
            01 01 06 00 7658392a 0000 8000
            00000000 00000000 00000000 00000000
            fcab14e86601 00*10  00*64  00*128
            63825363
            35 01 01   // 53 message type
            39 02 05c0   // 57 max message size
            37 1b 0102030405060c0d0f111216171c28292a2b3233363a3b3ceb4361   // 55 PRL
            61 11 0000000000000000000000000000000000   // 97 UUID/GUID
            5e 03 010300   // 94 client NDI
            5d 02 0010   // 93 client arch
            3c 21 48545450436c69656e743a417263683a30303031363a554e44493a303033303030   // 60 vendor class "HTTPClient:Arch:00016:UNDI:003000"
            ff
            """);
}
