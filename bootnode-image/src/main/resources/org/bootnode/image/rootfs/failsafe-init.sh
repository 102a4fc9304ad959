#!/bin/sh
# bootnode failsafe image init: mount the basics and start a shell on the console.
#
# Kernel command line parameters:
#   bootnode.booted=URL     load the carried NIC modules, bring up the first ethernet interface
#                           with DHCP and GET this URL before the shell (failures only warn)
#   bootnode.iface=NAME     the interface for bootnode.booted (default: the first ethernet one)
PREFIX="bootnode failsafe"

@COMMON@

say "starting (failsafe image)"
mount_basics
read_cmdline
apply_overlay "" || warn "this node's overlay could not be applied (the line above says why): its files are missing"
show_identity ""
report_booted
say "starting shell"
shell_forever
