/**
 * Boot clients: {@link org.bootnode.dhcp.pxe.ClientClassifier} tells PXE, UEFI HTTP boot, iPXE and
 * plain DHCP apart; a {@link org.bootnode.dhcp.pxe.BootPolicy} decides what each boots;
 * {@link org.bootnode.dhcp.pxe.DefaultBootPolicy} is bootnode's.
 */
package org.bootnode.dhcp.pxe;
