// Simplified Chinese titles and explanations of the catalogue, keyed by scenario name, in the words of a
// Chinese TCP course (三次握手, 四次挥手, 超时重传...). State names, flags, RFC numbers and figures stay as in
// the English text (a test holds every RFC number and figure of the English in the Chinese).
export interface ScenarioWords { title: string; explanation: string }

export const zhCN: Record<string, ScenarioWords> = {
  "handshake": {
    title: "三次握手",
    explanation: "客户端发送 SYN，携带自己的初始序列号（ISN）；服务器以自己的 SYN 作答，这个 SYN 同时确认了客户端的 ISN（即 SYN-ACK）；客户端再发送 ACK，确认服务器的 ISN。每一方都必须看到自己的 ISN 被确认，才能信任这条连接，所以需要三个报文段。SYN 中的选项（MSS、窗口扩大、SACK）也在此时协商，因为它们只能在连接开始时提出。",
  },
  "simultaneous-open": {
    title: "同时打开：双方同时发起连接",
    explanation: "A 和 B 在同一时刻各自向对方的端口调用 connect()，两个 SYN 在途中交叉。处于 SYN_SENT 的每一方都收到一个不带 ACK 的 SYN，于是进入 SYN_RECEIVED，并回复一个 SYN-ACK，其中重复了自己的 SYN。它沿用原 SYN 的序列号，所以协议栈把它记为一次重传。每个 SYN-ACK 都确认了对方的 ISN，于是双方都进入 ESTABLISHED：共四个报文段，建立的是一条连接，而不是两条（RFC 9293 3.5 节，图 8）。",
  },
  "data-on-third-ack": {
    title: "握手的第三个报文段携带数据",
    explanation: "客户端在还处于 SYN_SENT 时就写入了请求。数据先留在发送缓冲区中，等 SYN-ACK 到达后，随完成握手的 ACK 一起发出：第三个报文段就携带了请求。RFC 9293 允许在对方的 SYN 被确认之后的任何报文段中携带数据，因此对于由客户端先发言的协议（如 HTTP），这样可以节省一个往返时间。",
  },
  "syn-with-data": {
    title: "SYN 携带数据",
    explanation: "握手的前两个报文段所带的数据，接收方都不会接受：单凭一个 SYN 证明不了发送者的任何事情（它可能是旧的重复报文段，也可能是伪造的），所以在第三个报文段证明对方真实存在之前，SYN 带来的任何东西都不能被确认或交付。RFC 9293 仍然允许 SYN 携带数据，并规定将其排队，等连接进入 ESTABLISHED 后再处理（3.10.7.2 节）。因此 SYN-ACK 只确认 SYN 本身（ack 1）；本协议栈把这 5 个字节先放在一边，等客户端的 ACK 完成握手后再收下并立即确认（ack 6）；应用程序在 accept() 之后读到它们。Linux 则丢弃 SYN 上的数据，由客户端重新发送。这里的客户端使用原始帧，因为普通的 connect() 在能写入任何数据之前就已发出了 SYN（TCP 快速打开，即 RFC 7413 的 TCP Fast Open，正是让服务器能立即接受 SYN 数据的扩展）。",
  },
  "syn-lost": {
    title: "SYN 丢失",
    explanation: "没有任何应答，所以在 1 s 的初始重传超时（RFC 6298）之后，客户端再次发送同一个 SYN，ISN 不变。如果这个 SYN 也丢失，下一次超时重传会在 2 s 之后，然后是 4 s，依此类推（指数退避）。没有时间戳时，重传过的 SYN 使握手得不到可信的往返时间样本（SYN-ACK 回应的是哪一个副本？），连接将以 3 s 的超时开始（RFC 6298 5.7 节）。这里两个 SYN 都带有时间戳：SYN-ACK 回显的是第二个 SYN 的时间戳，从而准确测得往返时间（RFC 7323 4.1 节），所以连接仍以通常的 1 s 开始。较早的教材把 3 s 作为每条连接的首次超时：那是 RFC 1122 规定的初始 RTO，2011 年 RFC 6298 将其降为 1 s。",
  },
  "synack-lost": {
    title: "SYN-ACK 丢失",
    explanation: "服务器处于 SYN_RECEIVED，客户端仍处于 SYN_SENT；双方都在等待，且都启动了重传定时器。1 s 后，客户端重发 SYN，服务器重发 SYN-ACK。服务器对重复的 SYN 再次回复 SYN-ACK，而不会把它当作新的连接请求，因为它带着相同的 ISN。先到达的 SYN-ACK 完成握手；多出的那个副本只得到一个普通的 ACK。",
  },
  "ack-lost": {
    title: "握手的最后一个 ACK 丢失",
    explanation: "客户端一发出 ACK 就进入 ESTABLISHED，但服务器没有收到它，仍停留在 SYN_RECEIVED。服务器并不一定需要这个报文段：客户端之后的每个报文段都携带同样的确认号，所以当客户端的第一份数据到达时，它的 ACK 字段就完成了服务器一方的握手，数据也被接受。服务器的 SYN-ACK 重传定时器在超时之前就被取消了。",
  },
  "syn-retries-exhausted": {
    title: "SYN 始终无应答：connect() 以 ETIMEDOUT 放弃",
    explanation: "客户端发出的每个 SYN 都丢失了，于是它重传同一个 SYN，每次超时时间加倍（1、2、4、8、16、32 s），上限为 60 s（RFC 6298 2.5 节）。本协议栈重试 7 次：最后一个 SYN 在 1+2+4+8+16+32+60 = 123 s 时发出，再等最后的 60 s 后，connect() 在 183 s 时以 ETIMEDOUT 失败，满足 RFC 1122 4.2.3.5 节“至少 3 分钟”的要求。课程中的 1+2+4+8+16+32 = 63 s 是 Linux 服务器重试 5 次后放弃 SYN-ACK 的情形（见 synack-retries-exhausted）；Linux 客户端默认重试 6 次 SYN，127 s 后放弃。",
  },
  "synack-retries-exhausted": {
    title: "最后的 ACK 始终未到：半连接被丢弃",
    explanation: "客户端在 SYN 之后发出的所有报文段在第一分钟内全部丢失。服务器重发 SYN-ACK，每次超时时间加倍（1、2、4、8、16 s）；客户端已处于 ESTABLISHED，对每个副本都回复 ACK，但这些 ACK 也都丢失了。重试 5 次（Linux 的 tcp_synack_retries）并最后等待 32 s 后，即第一个 SYN-ACK 发出后 1+2+4+8+16+32 = 63 s，服务器放弃，不声不响地忘掉这个半连接：它从未建立过。当客户端终于发送数据时，服务器不知道有这条连接，回复 RST，客户端由此得知连接已不存在（ECONNRESET）。",
  },
  "close": {
    title: "关闭连接（四次挥手）：每个方向各一个 FIN 和 ACK",
    explanation: "连接的两个方向各自关闭。客户端调用 close() 发送 FIN（FIN_WAIT_1）；服务器立即确认，并通知其应用程序，应用程序读到流结束（CLOSE_WAIT）。只有当服务器的应用程序也关闭时，它的 FIN 才会发出（LAST_ACK）。客户端确认这个 FIN，并在 TIME_WAIT 状态等待 2*MSL 后连接才彻底消失；而服务器在自己的 FIN 被确认后立即关闭。RFC 793 将 MSL 定为 2 分钟，因此 TIME_WAIT 持续 4 分钟；Linux 等待 60 s（TCP_TIMEWAIT_LEN），本协议栈也是如此（MSL 为 30 s）。",
  },
  "half-close": {
    title: "半关闭：客户端停止发送，但继续接收",
    explanation: "shutdown(SHUT_WR) 只关闭客户端的发送方向：它的 FIN 表示“我不再发送数据了”。服务器读到流结束，但它自己的方向仍然打开，所以仍可以发送应答，客户端在 FIN_WAIT_2 状态下接收。那些通过关闭输出来表示请求结束的程序（如 rsh 和一些 HTTP/1.0 客户端）就依赖于此。只有当服务器也关闭自己的方向后，连接才结束。",
  },
  "simultaneous-close": {
    title: "同时关闭：双方的 FIN 交叉",
    explanation: "双方的应用程序在同一时刻关闭，所以对方的 FIN 到达时，双方都处于 FIN_WAIT_1。在自己的 FIN 被确认之前收到对方的 FIN，会进入 CLOSING；随后自己的 FIN 被确认，进入 TIME_WAIT。双方都是主动关闭，所以双方都要在 TIME_WAIT 状态等待 2*MSL（RFC 9293 3.6 节，图 13）。",
  },
  "time-wait": {
    title: "TIME_WAIT 状态把连接的端口占住 2*MSL",
    explanation: "先关闭的一方最终进入 TIME_WAIT 状态，持续 2*MSL：这里和 Linux 中都是 60 s，按 RFC 793 的 MSL（2 分钟）则为 4 分钟。在此期间四元组仍被占用：从同一本地端口发起的 connect() 会以 EADDRINUSE 失败，这样新连接就不会收到旧连接的迷途报文段，丢失的最后一个 ACK 也仍可以重发。2MSL 定时器到期后，这个四元组被释放，同样的 connect() 便会成功，并使用新的 ISN：它在 ISN 时钟上又前进了 60 s（RFC 6528），高于旧连接用过的所有序列号。",
  },
  "fin-wait-1-to-time-wait": {
    title: "对方的 FIN 捎带了对我方 FIN 的确认：三个报文段完成的关闭",
    explanation: "许多抓包中关闭只有三个报文段：FIN，然后 FIN+ACK，然后 ACK。收到第一个 FIN 的一方可以推迟它的 ACK（RFC 1122 4.2.3.2 节允许最多 500 ms；Linux 最多等待 200 ms），如果它的应用程序在这段时间内关闭，它的 FIN 就会捎带这个 ACK。仍处于 FIN_WAIT_1 的客户端在一个报文段中既得到了对自己 FIN 的确认，又收到了对方的 FIN：RFC 9293 3.10.7.4 节先处理 ACK 字段（进入 FIN_WAIT_2），再处理 FIN（进入 TIME_WAIT），所以两次状态变化发生在同一时刻，FIN_WAIT_2 根本没有持续时间。本协议栈收到 FIN 会立即确认，所以这里的服务器用原始帧模拟这样一个延迟确认的对端。",
  },
  "fin-wait-2-timeout": {
    title: "孤儿 FIN_WAIT_2：对方始终不关闭",
    explanation: "客户端的应用程序调用 close() 后就离开了；服务器确认了 FIN，但它的应用程序始终不关闭，于是客户端会永远停在 FIN_WAIT_2，占着一条谁也用不了的连接。RFC 9293 没有规定时限，所以各实现为这种孤儿连接加了一个：60 s 后（Linux 的 tcp_fin_timeout，本协议栈也一样）客户端放弃，并像 Linux 那样发送 RST，让服务器得知连接已不存在（ECONNRESET），而不是一直停留在 CLOSE_WAIT。只调用了 shutdown(SHUT_WR) 的客户端仍然拥有它的套接字，可以在 FIN_WAIT_2 等待任意长的时间。",
  },
  "fin-lost": {
    title: "客户端的 FIN 丢失",
    explanation: "FIN 占用一个序列号，因此它像数据一样会被重传，直到被确认为止。客户端停留在 FIN_WAIT_1；重传超时（1 s）之后再次发送 FIN，服务器确认它，关闭过程照常进行。服务器的应用程序只有在 FIN 真正到达时才得知流已结束。",
  },
  "fin-ack-lost": {
    title: "对客户端 FIN 的 ACK 丢失",
    explanation: "服务器已经收到了 FIN（它处于 CLOSE_WAIT，应用程序已读到流结束），但客户端无从知晓：它的 FIN 未被确认，所以它停留在 FIN_WAIT_1，并在 1 s 后重发 FIN。服务器看到的是一个已经收到过的 FIN 的副本，只需再次确认；没有任何数据被重复交付。客户端随后进入 FIN_WAIT_2，待服务器的应用程序关闭后，关闭过程继续。",
  },
  "last-fin-lost": {
    title: "服务器的 FIN 丢失",
    explanation: "客户端在 FIN_WAIT_2 等待服务器的 FIN；服务器在 LAST_ACK 等待对它的 ACK。和任何未被确认的序列号一样，服务器的重传定时器在 1 s 后超时，FIN 被再次发送。客户端确认它并进入 TIME_WAIT；服务器看到自己的 FIN 已被确认，随即关闭。",
  },
  "last-ack-lost": {
    title: "最后一个 ACK 丢失：TIME_WAIT 为何要持续 2*MSL",
    explanation: "客户端已经确认了服务器的 FIN 并进入 TIME_WAIT，但这个 ACK 丢失了，于是处于 LAST_ACK 的服务器在 1 s 后重发 FIN。由于客户端仍在 TIME_WAIT，它认出这个重复的 FIN 并再次确认（如果端口已经关闭，则会回复 RST，服务器就会报告错误）。TIME_WAIT 持续 2*MSL，就是为了让最迟重发的 FIN 也仍能得到应答；这里的等待在收到重复的 FIN 时重新开始计时。",
  },
  "rst-closed-port": {
    title: "连接一个无人监听的端口",
    explanation: "没有套接字与这个 SYN 匹配，所以服务器的 TCP 按照 RFC 9293 对到达 CLOSED 端口的报文段的规定作答：回复 RST。这个 SYN 不带 ACK，所以 RST 的序列号为 0，并确认该 SYN（ack 1），这让客户端能把它当作对自己 SYN 的回复接受，而不是当作伪造的报文段。客户端的 connect() 立即以 ECONNREFUSED 失败，不再重试。",
  },
  "old-duplicate-syn": {
    title: "旧的重复 SYN：握手为何需要三个报文段",
    explanation: "客户端的 SYN 在网络中被延迟，而同一对端口之间一条更早连接的 SYN（旧的重复报文段，带着旧的 ISN）先到达了服务器。服务器无法判断它是旧的，于是回复一个确认旧 ISN 的 SYN-ACK。只有客户端能判断：那不是它的 ISN，所以它回复 RST，服务器随即丢弃这个半连接。然后真正的 SYN 到达，握手完成。如果只有两次握手，服务器就会打开一条没有人请求的连接（RFC 9293 3.5 节，图 9）。",
  },
  "isn": {
    title: "初始序列号：为什么不从 0 开始",
    explanation: "这里的序列号是绝对值，即实际发送的值（Wireshark 显示的是从 0 开始的相对序列号）。RFC 6528 令每个 ISN = M + F(地址, 端口, 密钥)：M 是每 4 us（微秒）加一的时钟，F 是带密钥的哈希（SipHash，密钥来自初始化时给定的种子），所以来自不同端口的连接从互不相关的数字开始，而同一个四元组 1 s 后的连接恰好高出 250,000，超过前一个连接实例发送过的任何序列号。若从 0 或任何人都能预测的数字开始，路径外的攻击者就能为它看不到的连接伪造报文段（1985 年的 Morris 攻击和 1994 年的 Mitnick 攻击），早先连接的旧报文段也可能落入新连接的窗口。",
  },
  "rst-attack": {
    title: "盲注入 RST 和 SYN：挑战 ACK（RFC 5961）",
    explanation: "看不到这条连接的攻击者伪造来自客户端地址和端口的报文段。在 RFC 5961 之前，接收窗口内的任何 RST 都会重置连接，所以盲攻击者只需猜大约 2^32 / 窗口大小 次；现在只有序列号恰好等于 RCV.NXT 的 RST 才会重置连接，落在窗口内其他位置的 RST 会得到一个挑战 ACK（challenge ACK，它发给真正的客户端；如果连接确实已不存在，客户端会回以自己的 RST），窗口外的则被悄悄丢弃。已建立的连接上收到的 SYN 同样只得到挑战 ACK，而不会重置连接（RFC 5961 4.2 节）；只有最后一个猜中了确切序列号的伪造报文段重置了连接。伪造的 SYN 带有时间戳选项：启用时间戳时，不带时间戳的报文段在这些检查之前就被丢弃（RFC 7323 3.2 节），而 RST 不需要时间戳。",
  },
  "keepalive-dead-peer": {
    title: "保活机制发现对端已失效",
    explanation: "空闲的连接不发送任何东西，所以如果没有帮助，一方永远不会知道对端已经崩溃或断开。启用保活（keepalive）后，静默 10 s 后客户端发送一个探测报文：序列号比它已发送的小 1 个字节的 ACK，任何存活的对端都必须回应。没有回应的探测每 5 s 重复一次；3 次之后客户端放弃，重置连接，并向应用程序报告 ETIMEDOUT。这些定时器为了适合课件而缩短了：默认值（RFC 1122 4.2.3.6 节，Linux）是空闲 2 h、探测间隔 75 s、探测 9 次，分别是这里的 720、15 和 3 倍（见 keepalive-defaults）。",
  },
  "keepalive-alive": {
    title: "健康的空闲连接上的保活",
    explanation: "10 s 没有流量后，客户端发送探测：一个序列号比服务器期望的窗口左沿小 1 的 ACK。服务器看到的是一个旧的、不可接受的报文段，按照 RFC 9293 的要求回复一个 ACK；这个回复证明服务器仍然存活，并重启客户端的空闲定时器，所以只要连接保持空闲，每 10 s 就发出一个探测，而两端的应用程序都不会收到任何东西。空闲时间比默认的 2 h 缩短了 720 倍（RFC 1122 4.2.3.6 节要求至少两小时；见 keepalive-defaults）。",
  },
  "keepalive-defaults": {
    title: "默认定时器下的保活：静默 2 h，然后每隔 75 s 探测一次，共 9 次",
    explanation: "与 keepalive-dead-peer 相同的失效对端，但不做任何缩短：保活以 RFC 1122 4.2.3.6 节和 Linux 的默认值开启（tcp_keepalive_time 7200 s，tcp_keepalive_intvl 75 s，tcp_keepalive_probes 9）。第一个探测在静默 2 h 后发出，其余每隔 75 s 一个，连接在开启保活 2 h 11 min 15 s 后被重置（7200 + 9 x 75 s）。时序图压缩了空闲的间隔，并注明每段间隔持续了多久；定时器在虚拟时间中完整运行。",
  },
  "zero-window": {
    title: "零窗口：接收方的缓冲区已满",
    explanation: "服务器的应用程序不读取数据，于是它 4096 字节的接收缓冲区被填满，并通告窗口为 0：客户端必须停止发送。如果服务器之后的窗口更新丢失，双方就会永远等待下去，所以客户端维持一个坚持定时器（persist timer），以不断增长的间隔（1、2、4 s）发送 1 字节的窗口探测；每次得到的应答都是当前窗口，仍为 0。当应用程序读取数据后，窗口打开，服务器通告这一点，传输恢复，滑动窗口继续向前滑动。",
  },
  "fast-retransmit": {
    title: "快速重传：第一个 SACK 就暴露了丢失（RACK）",
    explanation: "一个数据报文段丢失了。缺口之后每到达一个报文段，接收方都会立即重复它上一次的确认（重复 ACK，带有一个 SACK 块，指明哪些数据已经到达）。经典 TCP 要等到三个重复 ACK 才重传（RFC 5681 3.2 节）；本协议栈使用 RACK（RFC 8985）：第一个 SACK 就表明在丢失报文段之后发送的某个报文段已经到达，再经过一个重排序窗口（平滑往返时间的四分之一，这里不到 1 ms），丢失的报文段就被判定为丢失并立即重传，而不必等待重传定时器超时。随后快速恢复把拥塞窗口减为在途数据量的十分之七（large 构建使用 CUBIC，RFC 9438；NewReno 则会减半）。这里使用 large 构建，其 128 KiB 的接收窗口为足够多的在途报文段留出了空间，并使用 discard 端口（9），以免 Wireshark 试图把这些字节当作 HTTP 解析。",
  },
  "tail-loss-probe": {
    title: "尾部丢失探测（TLP）：最后一个报文段丢失",
    explanation: "客户端发送两个报文段，第二个，也就是这一批的最后一个，丢失了。其后没有报文段能让服务器发送重复 ACK，所以经典 TCP 只能等待重传超时（在这个构建中至少 1 s）。RACK-TLP（RFC 8985 第 7 节）则启动一个探测定时器：两倍的平滑往返时间（这里是 4 ms；当只有一个报文段未被确认时再加 200 ms，因为服务器可能在推迟它的 ACK）。定时器到期时，客户端再次发送最后一个报文段，服务器确认这两个报文段，丢失在几毫秒内而不是一秒后得到修复。由于探测修复了一次丢失，客户端随后像快速恢复那样把拥塞窗口减半。",
  },
  "spurious-retransmit": {
    title: "伪重传：迟到的报文段被白白重发，随后撤销窗口削减",
    explanation: "这里链路的单向时延是 10 ms。客户端的第二个数据报文段在网络中被多耽搁了 8 ms，于是第三个报文段超过了它。服务器对第三个报文段的 SACK 让 RACK（RFC 8985）在重排序窗口（平滑往返时间的四分之一：5 ms）过去后判定第二个报文段已经丢失；客户端重发它并削减拥塞窗口（比例降速，RFC 6937）。但原报文段只是迟到了：它紧接着到达，服务器确认全部数据，并回显原报文段的时间戳（RFC 3522：回显的时间早于重传的时间）；当重传的报文段到达时，服务器在 ACK 的第一个 SACK 块，即 D-SACK 块中报告这个重复的报文段（RFC 2883）。两者都证明这次重传并不需要：客户端恢复拥塞窗口和慢启动阈值（RFC 4015；没有时间戳时仅凭 D-SACK 也会这样做，RFC 3708），记录这次重排序，并在接下来的 16 次恢复中把重排序窗口加宽平滑往返时间的四分之一（到 10 ms）（RFC 8985 第 6.2 节），这样同样的迟到不会再引发重传。",
  },
  "sack-recovery": {
    title: "SACK 恢复：一个窗口内三次丢失，一个往返时间内修复",
    explanation: "客户端先发送 16 个报文段，打开它的拥塞窗口，然后一次再发送 16 个；其中三个（第 3、第 7 和第 11 个）丢失。服务器对缺口之后到达的每个报文段都回复一个 ACK，其中的 SACK 块列出已经到达的数据（RFC 2018），所以客户端知道每一个缺口，而不只是第一个。只要在某个报文段之后发送的报文段被 SACK，RACK（RFC 8985）就判定它已经丢失，而比例降速（RFC 6937）让客户端随着 SACK 的到来逐个重发缺口，而不是像没有 SACK 的 NewReno 那样每个往返时间只补一个缺口（RFC 6582）。三个报文段都在第一个 SACK 之后的一个往返时间内重发，一个累积 ACK 结束恢复；重传定时器从未触发。这里使用大构建，它 128 KiB 的接收窗口能容纳这些在途的报文段。",
  },
  "backlog-full": {
    title: "全连接队列（accept 队列）已满",
    explanation: "服务器以 backlog 为 1 监听，而它的应用程序迟迟不调用 accept()。第一条连接完成握手后在 accept 队列中等待；第二个客户端的 SYN 发现队列已满，被悄悄丢弃，不回复 RST，因为队列满只是暂时的情况：客户端的 SYN 重传（1 s 后，再过 2 s）就是重试。一旦应用程序接受了第一条连接，下一个 SYN 就会得到 SYN-ACK。",
  },
  "syn-flood": {
    title: "SYN 洪泛：伪造的 SYN 占满半连接槽位，SYN cookie 让客户端得以接入",
    explanation: "攻击者用伪造的源地址发送两个 SYN；服务器为每个 SYN 保留一个半连接，占满了这个构建中每个监听套接字的 2 个半连接槽位，并在大约一分钟内不断向这些永不应答的地址重发 SYN-ACK。如果没有防御，真正客户端的 SYN 在这 63 s 内都会被丢弃。队列已满时，服务器以无状态的方式应答客户端：其 SYN-ACK 的序列号是一个 SYN cookie（RFC 4987 3.6 节），即对地址、端口和时间的带密钥哈希，其中还编入了 MSS（由于客户端的 SYN 带有时间戳，窗口扩大因子和 SACK-permitted 也被编入 SYN-ACK 时间戳的低位，由客户端回显）。客户端的 ACK 带回 cookie 加一，服务器校验后据此重建连接，客户端随即接入。",
  },
  "syn-cookies": {
    title: "SYN cookie：服务器不保存状态，由客户端的 ACK 带回",
    explanation: "两个伪造的 SYN 占满了监听套接字的半连接槽位，于是服务器应答真正客户端的 SYN 时并不记住它：其 SYN-ACK 的序列号为 cookie = H1 + 客户端 ISN + (counter << 24) + ((H2 + MSS 索引) mod 2^24)，其中 H1 和 H2 是在由服务器种子导出的密钥下对地址和端口计算的 SipHash 值（H2 还包含计数器 counter，它每 65.5 s 前进一次）。客户端的 ACK 确认 cookie + 1。服务器减去 H1 和客户端的 ISN（SEG.SEQ - 1），从最高 8 位读出计数器（当前时间窗口或上一个），减去 H2，并且必须在低 24 位中找到一个有效的 MSS 索引；伪造的 ACK 大约四百万次尝试才能蒙对一次。连接仅凭这个 ACK 就能重建；像这里一样使用时间戳时，SYN-ACK 的 TSval 的低 6 位还携带了客户端的窗口扩大因子和 SACK-permitted，由 ACK 的 TSecr 带回。",
  },
  "dns": {
    title: "连接之前先查名字：DNS 查询，丢失的查询被重发",
    explanation: "在连接 www.example.test 之前，客户端先向它的 DNS 服务器询问这个名字的 IPv4 地址：一个发往 53 端口的 UDP 数据报，带有随机的 16 位 ID，从随机的源端口发出（RFC 5452 9.2 节），这样不在路径上的攻击者就猜不出客户端会接受哪一个应答。第一个查询丢失了，而 UDP 本身不重传：由解析器自己在 1 s 超时后再次发送同一个查询（RFC 1035 4.2.1 节），如果有第二台服务器就发给它。应答之所以被接受，是因为它来自被询问的服务器、来自 53 端口、发往查询的端口，并带有查询的 ID 和问题；其中的地址按记录的 TTL（300 s）缓存，所以第二次查询什么也不发送。随后连接照常以三次握手建立。",
  },
};
