package org.bootnode.server.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/** Adds, replaces and removes nodes through the API (the node files). */
interface NodeEditor {
    void add(ChannelHandlerContext ctx, FullHttpRequest request);

    void replace(ChannelHandlerContext ctx, FullHttpRequest request, String name);

    void remove(ChannelHandlerContext ctx, FullHttpRequest request, String name);

    void adopt(ChannelHandlerContext ctx, FullHttpRequest request, String mac);
}
