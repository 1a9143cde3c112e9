/** The command line and the demo read files through the decoder the sidebar uses too. */
export { decodeText } from '../core/text-decoding';
