// node:stream on the page: host/socket.ts's Socket extends Duplex; the page never makes a Socket.
import { EventEmitter } from "./node-events.js";
export class Duplex extends EventEmitter {}
export class Readable extends EventEmitter {}
