package org.bootnode.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * {@link RequestDeadlineTest}'s cases with each part of the deadline and the check a handler of
 * its own (the admin listener's first part stays apart from its idle timer: TLS sits between).
 */
class RequestDeadlineSplitTest extends RequestDeadlineTest {
    @Override
    ChannelHandler[] deadlineAndCheck(RequestDeadline deadline, RequestCheck check) {
        return new ChannelHandler[] {deadline.bytes(), new HttpServerCodec(), deadline.messages(), check};
    }
}
